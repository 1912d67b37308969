"""The benchmark's one table: a row per figure, its budget beside it."""

from dataclasses import dataclass


@dataclass
class Row:
    measurement: str
    figure: str
    queries: str = ""
    ratio: str = ""
    budget: str = ""
    detail: str = ""


HEADINGS = Row("measurement", "figure", "queries", "× floor", "budget", "detail")


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def render(rows: list[Row]) -> str:
    fields = ["measurement", "figure", "queries", "ratio", "budget", "detail"]
    table = [HEADINGS, *rows]
    widths = {f: max(len(getattr(r, f)) for r in table) for f in fields[:-1]}
    right = {"figure", "queries", "ratio"}
    lines = []
    for row in table:
        cells = [
            getattr(row, f).rjust(widths[f]) if f in right else getattr(row, f).ljust(widths[f])
            for f in fields[:-1]
        ]
        lines.append("  ".join([*cells, row.detail]).rstrip())
        if row is HEADINGS:
            lines.append("  ".join("-" * widths[f] for f in fields[:-1]) + "  " + "-" * 6)
    return "\n".join(lines)
