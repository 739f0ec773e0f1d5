"""Alibaba's AI strategy in numbers: the entry point. The frame every page shares is dashboard.router."""

from dashboard import router

router.run()
