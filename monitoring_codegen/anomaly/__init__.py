"""Anomaly detection and forecasts as Prometheus rules: recorded baselines and bands that
Prometheus evaluates itself, and `predict_linear` / rate projections, with promtool tests
that mcg writes from each definition's parameters.

The definitions live in model/anomaly.py (`AnomalyDetector`) and model/forecast.py
(`CapacityForecast`, `SpendForecast`); this package holds what they are made into:
rules.py (the recording and alerting rules of a detector), simulate.py (the same rules
evaluated in Python over a synthetic series, to choose test scenarios whose outcome does
not rest on a rounding), tests.py (the promtool tests of a detector's alert), forecast.py
(rules and tests of the forecasts) and panels.py (the queries a dashboard draws: the value
inside its band, now against a day and a week ago).
"""
