"""Service level objectives: burn-rate windows, sloth-compatible rules and tests, sloth specs.

The definition (`SLO`) lives in model/slo.py; this package holds what it is made into:
windows.py (multi-window multi-burn-rate alert windows per SLO period), rules.py (the
recording and alerting rules sloth generates, as data), alert_tests.py (promtool tests of
the burn-rate alerts) and sloth.py (reading sloth `prometheus/v1` specs).
"""
