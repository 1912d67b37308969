"""The figures a report must print, worked out from the stored rows in plain Python by the rule
the dashboards state, without the selectors and SQL that build the pages and PDFs: a test that
compares the two proves the report, not the report against itself."""

from decimal import ROUND_HALF_UP, Decimal

from programs.models import ActualValue, IndicatorTarget

PERIODS_PER_YEAR = {"annual": 1, "semester": 2, "quarterly": 4}


def latest_verified(target: IndicatorTarget, up_to_quarter: int | None = None):
    """The most recent verified value of the target's kabupaten and indicator up to its year;
    as of a quarter, periods of that year ending after the quarter do not count."""
    frequency = target.indicator.frequency
    candidates = []
    for value in ActualValue.objects.filter(
        target__kabupaten=target.kabupaten, target__indicator=target.indicator
    ).select_related("target"):
        year = value.target.year
        if value.status != "verified" or year > target.year:
            continue
        if up_to_quarter is not None and year == target.year:
            ended = up_to_quarter * PERIODS_PER_YEAR[frequency] // 4
            if value.period > ended:
                continue
        candidates.append(((year, value.period), value))
    return max(candidates, key=lambda pair: pair[0])[1] if candidates else None


def progress(target: IndicatorTarget, latest: Decimal | None) -> Decimal | None:
    """(latest − baseline) ÷ (target − baseline) × 100; 100 or 0 when the target is the
    baseline, by whether it is met; nothing without a latest value or a baseline."""
    if latest is None or target.baseline is None:
        return None
    if target.target == target.baseline:
        higher = target.indicator.direction == "higher"
        met = latest >= target.target if higher else latest <= target.target
        return Decimal(100) if met else Decimal(0)
    return (latest - target.baseline) * 100 / (target.target - target.baseline)


def light(progress: Decimal | None) -> str:
    """The status words as the Indonesian report prints them."""
    if progress is None:
        return "Belum ada data"
    if progress >= 90:
        return "Sesuai jalur"
    return "Berisiko" if progress >= 60 else "Tidak sesuai jalur"


def indonesian(number: Decimal, decimals: int) -> str:
    """A number as the report prints it (1.234,50), without the portal's own formatting."""
    rounded = Decimal(number).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _dot, fraction = f"{abs(rounded):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if rounded < 0 else ""
    return sign + grouped + (f",{fraction}" if fraction else "")


def percent(number: Decimal) -> str:
    return f"{indonesian(number, 0)}%"
