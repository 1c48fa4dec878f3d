"""Multi-window, multi-burn-rate alert windows (Google SRE workbook, chapter 5), as sloth has them.

An alert pair "burns `budget_percent`% of the period's error budget in `long`" fires when the
error ratio over both the long and the short window exceeds `factor x (1 - objective)`, where
factor = budget_percent/100 x period/long (sloth's getBurnRateFactor, same float operations so
the rendered numbers are the same: 14.4, 6, 3, 1 for 30d).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.model.fields import PositiveDuration

_WEEK = 7 * 86400
_YEAR = 365 * 86400


def prometheus_duration(seconds: float) -> str:
    """Prometheus' model.Duration.String(): years and weeks only when exact (`30d`, `1w`, `4w`).

    Sloth names its recording rules with it (`slo:sli_error:ratio_rate1w` for a 7d period), so
    this is not mcg's shortest form (`4w2d`)."""
    ms = round(seconds * 1000)
    if ms == 0:
        return "0s"
    out = ""
    for unit, mult, exact in (
        ("y", _YEAR * 1000, True),
        ("w", _WEEK * 1000, True),
        ("d", 86_400_000, False),
        ("h", 3_600_000, False),
        ("m", 60_000, False),
        ("s", 1000, False),
        ("ms", 1, False),
    ):
        if exact and ms % mult:
            continue
        count = ms // mult
        if count:
            out += f"{count}{unit}"
            ms -= count * mult
    return out


class BurnWindow(BaseModel):
    """One alert condition: `budget_percent`% of the budget burnt within `long`, still burning in `short`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    budget_percent: float
    short: PositiveDuration
    long: PositiveDuration

    @model_validator(mode="after")
    def _order(self) -> BurnWindow:
        if not 0 < self.budget_percent <= 100:
            raise ValueError(f"budget_percent must be in (0, 100], got {self.budget_percent}")
        if parse_duration(self.short) >= parse_duration(self.long):
            raise ValueError(f"short window {self.short} must be shorter than long window {self.long}")
        return self

    def factor(self, period: str) -> float:
        """Burn rate that spends `budget_percent`% of the period's budget within `long`."""
        period_hours = parse_duration(period) / 3600
        return self.budget_percent * period_hours / 100 / (parse_duration(self.long) / 3600)


class BurnWindows(BaseModel):
    """The four conditions: page quick/slow, ticket quick/slow (sloth's AlertWindows spec)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    page_quick: BurnWindow
    page_slow: BurnWindow
    ticket_quick: BurnWindow
    ticket_slow: BurnWindow

    def pairs(self) -> dict[str, BurnWindow]:
        return {
            "page_quick": self.page_quick,
            "page_slow": self.page_slow,
            "ticket_quick": self.ticket_quick,
            "ticket_slow": self.ticket_slow,
        }

    def durations(self) -> list[str]:
        """Every window once, shortest first (sloth's TimeDurationWindows), in Prometheus form."""
        seconds = sorted({parse_duration(w) for pair in self.pairs().values() for w in (pair.short, pair.long)})
        return [prometheus_duration(s) for s in seconds]

    @classmethod
    def for_period(cls, period: str) -> BurnWindows:
        """Sloth's windows for 28d and 30d (Google's), sloth's example for 7d; for any other
        period the 30d windows with the 30d burn-rate factors (14.4, 6, 3, 1) kept."""
        seconds = parse_duration(period)
        known = _KNOWN.get(round(seconds))
        if known is not None:
            return known
        longest = max(parse_duration(w.long) for w in _GOOGLE.pairs().values())
        if seconds <= longest:
            raise ValueError(
                f"period {period} is not longer than the 3d window of the default ticket alert; "
                "give windows=BurnWindows(...) with windows shorter than the period"
            )
        # The same burn rates as for 30d: percent = factor x long / period.
        return cls(
            **{
                name: BurnWindow(
                    budget_percent=pair.factor("30d") * parse_duration(pair.long) / seconds * 100,
                    short=pair.short,
                    long=pair.long,
                )
                for name, pair in _GOOGLE.pairs().items()
            }
        )


def _windows(page_quick, page_slow, ticket_quick, ticket_slow) -> BurnWindows:
    def window(spec):
        percent, short, long = spec
        return BurnWindow(budget_percent=percent, short=short, long=long)

    return BurnWindows(
        page_quick=window(page_quick),
        page_slow=window(page_slow),
        ticket_quick=window(ticket_quick),
        ticket_slow=window(ticket_slow),
    )


# sloth internal/alert/windows/google-{28d,30d}.yaml: the SRE workbook's recommended parameters.
_GOOGLE = _windows((2, "5m", "1h"), (5, "30m", "6h"), (10, "2h", "1d"), (10, "6h", "3d"))
# sloth examples/windows/7d.yaml: a 7d period needs larger shares to keep sensible burn rates.
_SEVEN_DAYS = _windows((8, "5m", "1h"), (12.5, "30m", "6h"), (20, "2h", "1d"), (42, "6h", "3d"))
_KNOWN = {28 * 86400: _GOOGLE, 30 * 86400: _GOOGLE, 7 * 86400: _SEVEN_DAYS}
