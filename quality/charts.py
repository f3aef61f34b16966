"""Chart geometry (numbers only): the SVG markup is in the templates `quality/_trend.svg` and
`quality/_distribution.svg`; each chart has a title and a table fallback beside it."""

from dataclasses import dataclass
from datetime import date
from typing import Any

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 360, 140, 34, 22, 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_label: str
    over_norm: bool = False


@dataclass(frozen=True)
class Chart:
    code: str
    title: Any
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD_BOTTOM
    norm_x: float | None = None  # a vertical line at the norm (distributions)
    norm_label: str = ""
    max_label: str = ""


def _bars(values: list[float], labels: list[str], value_labels: list[str], top: float,
          over: list[bool] | None = None) -> list[Bar]:
    n = max(1, len(values))
    plot_w = WIDTH - PAD_LEFT - 4
    slot = plot_w / n
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    bars = []
    for i, v in enumerate(values):
        h = 0.0 if top <= 0 else plot_h * v / top
        bars.append(Bar(round(PAD_LEFT + i * slot + slot * 0.15, 1), round(HEIGHT - PAD_BOTTOM - h, 1),
                        round(slot * 0.7, 1), round(h, 1), labels[i], value_labels[i],
                        bool(over[i]) if over else False))
    return bars


def trend_chart(code: str, title: Any, months: list[tuple[date, int, int]]) -> Chart:
    """The monthly share (numerator / denominator) as bars from 0 to 100 %."""
    shares = [(num / total * 100 if total else 0.0) for _m, num, total in months]
    labels = [f"{m:%m}" for m, _n, _t in months]
    value_labels = [f"{num}/{total}" for _m, num, total in months]
    return Chart(code, title, _bars(shares, labels, value_labels, 100.0), max_label="100%")


def distribution_chart(code: str, title: Any, buckets: list[tuple[int, int]], norm_weeks: int | None) -> Chart:
    """How many took 0, 1, 2 ... weeks (12+ last), with the norm as a line."""
    top = max([n for _w, n in buckets] + [1])
    labels = [f"{w}" if w < 12 else "12+" for w, _n in buckets]
    over = [norm_weeks is not None and w >= norm_weeks for w, _n in buckets]
    bars = _bars([float(n) for _w, n in buckets], labels, [str(n) for _w, n in buckets], float(top), over)
    norm_x = None
    if norm_weeks is not None and bars:
        slot = (WIDTH - PAD_LEFT - 4) / len(bars)
        norm_x = round(PAD_LEFT + min(norm_weeks, len(bars)) * slot, 1)
    return Chart(code, title, bars, norm_x=norm_x, norm_label=str(norm_weeks or ""), max_label=str(top))
