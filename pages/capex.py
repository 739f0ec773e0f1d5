"""Capex against the AI and cloud plan: how much is deployed, and the pace still needed."""

from dashboard.page import show

show("capex")
