"""Latest quarter: the newest quarter's headline figures and changes, capex against the plan's pace, consensus."""

from dashboard.page import show

show("latest")
