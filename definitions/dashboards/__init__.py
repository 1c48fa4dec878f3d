"""Grafana dashboards, one module each."""
