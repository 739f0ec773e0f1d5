"""Segment growth: which businesses grow, and the revenue mix over time."""

from dashboard.page import show

show("segments")
