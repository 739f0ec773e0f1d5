"""Cloud revenue: growth, profitability, weight in the group and the AI-product streak."""

from dashboard.page import show

show("cloud")
