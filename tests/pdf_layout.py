"""Checks that a generated PDF prints right: a running header on every page, no text outside the page box.

Text positions come from pypdf's extract_text(visitor_text=...): the text matrix times the current
transformation matrix gives where a run of text starts; where each of its lines ends is measured with the
advance widths of the font the PDFs use (DejaVu Sans, read with fontTools, a WeasyPrint dependency), without
kerning, which only narrows text.
"""

import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from pypdf import PdfReader

FONTS = Path("/usr/share/fonts/truetype/dejavu")


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, int], int, float]:
    font = TTFont(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return widths, max(widths.values()), float(font["head"].unitsPerEm)


def text_width(text: str, *, size: float, bold: bool) -> float:
    widths, widest, units = _advances(bold)
    return sum(widths.get(ord(c), widest) for c in text) * size / units


def _is_bold(font: Any) -> bool:
    try:
        return "Bold" in str(font.get("/BaseFont", ""))
    except AttributeError:
        return False


@dataclass(frozen=True)
class PageText:
    number: int
    text: str
    width: float
    height: float
    outside: list[str]


def pages(content: bytes) -> list[PageText]:
    reader = PdfReader(io.BytesIO(content))
    result = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        outside: list[str] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  outside: list[str] = outside, width: float = width, height: float = height) -> None:
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[0] * cm[0]) or 1.0
            bold = _is_bold(font)
            right = x + max(text_width(line.rstrip(), size=size * scale, bold=bold) for line in text.split("\n"))
            if x < 0 or y < 0 or y > height or right > width + 0.5:
                outside.append(f"{text!r} at x={x:.0f}..{right:.0f}, y={y:.0f} (page {width:.0f}x{height:.0f})")

        text = page.extract_text(visitor_text=visit)
        result.append(PageText(number, text, width, height, outside))
    return result


def save_for_review(name: str, content: bytes) -> None:
    """With ZORGPAD_PDF_DIR set, keep the PDF to look at (pdftoppm -png)."""
    folder = os.environ.get("ZORGPAD_PDF_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.pdf").write_bytes(content)
