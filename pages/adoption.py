"""AI adoption: Qwen downloads, models, enterprises and market share, each value with its own source."""

from dashboard.page import show

show("adoption")
