"""Peers: Alibaba's capital spending and cloud growth beside its peers, on one calendar."""

from dashboard.page import show

show("peers")
