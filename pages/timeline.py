"""Timeline: the dated, cited events of Alibaba's AI strategy."""

from dashboard.page import show

show("timeline")
