"""Monitoring definitions: `mcg build` imports every module below this folder and renders
what they declare (metrics, dashboards, rules, datasources) into out/."""
