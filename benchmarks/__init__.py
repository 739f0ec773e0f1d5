"""Performance benchmark and load test of the dashboard (run as modules, not collected by pytest)."""
