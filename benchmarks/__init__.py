"""Performance benchmark of the dashboard (run as `python -m benchmarks`, not collected by pytest)."""
