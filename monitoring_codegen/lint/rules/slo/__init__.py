"""slo/: SLO definitions and sloth / OpenSLO specs: SLIs, objectives, thresholds, tests."""
