"""Sources & data: every value as its source states it, with its citation; the checks; downloads."""

from dashboard.page import show

show("sources")
