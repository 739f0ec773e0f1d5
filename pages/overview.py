"""Overview: the headline figures of Alibaba's AI bet, each with its period and source."""

from dashboard.page import show

show("overview")
