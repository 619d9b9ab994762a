"""Measuring and breaking text for the long-table typesetter (:mod:`.longtable`, :mod:`.pages`).

The print fonts (the same PT Serif files as the HTML documents, embedded in every PDF), the width of a text in
them (cached: names and organisations repeat down a long table), greedy line breaking as a browser does it and
the hyphenation of column headers.
"""

import functools
import re

MM = 72 / 25.4
TEXT_PT, TABLE_PT, MARK_PT, PAGE_NUMBER_PT = 14, 11, 12, 12
TABLE_LEADING = TABLE_PT * 1.2
PAD_X, PAD_Y, RULE = 4, 3, 0.5
FONT, FONT_BOLD = "PortalPTSerif", "PortalPTSerif-Bold"
FONT_FILES = {
    FONT: "fonts/pt-serif/PT_Serif-Web-Regular.ttf",
    FONT_BOLD: "fonts/pt-serif/PT_Serif-Web-Bold.ttf",
}


_registered = False


def _register_fonts():
    global _registered
    if _registered:
        return
    from django.contrib.staticfiles import finders
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, finders.find(path)))
    _registered = True


@functools.lru_cache(maxsize=16384)
def _width(text, font, size):
    """Organisations, positions and subjects repeat down a long table: their widths are measured once. The
    cache is kept small: it lives as long as the worker process, and a region's teacher names, each measured
    once or twice, would fill a big one for nothing (measuring a width again is cheap)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


WORDS = re.compile(r"(\s*)(\S+?-(?=\S)|\S+)")  # a break opportunity at a space and after a hyphen


@functools.lru_cache(maxsize=8192)
def _words(line: str) -> tuple:
    return tuple(WORDS.findall(line))


def wrap(text: str, width: float, font: str = FONT, size: float = TABLE_PT) -> list[str]:
    """Greedy line breaking as the browser does it (no hyphenation); a word wider than the column is cut."""
    if "\n" not in text and _width(text, font, size) <= width:
        return [text]
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for space, word in _words(paragraph):
            candidate = f"{line}{' ' if space else ''}{word}" if line else word
            if _width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while len(line) > 1 and _width(line, font, size) > width:
                cut = len(line) - 1
                while cut > 1 and _width(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


VOWELS = frozenset("аеёиоуыэюяАЕЁИОУЫЭЮЯaeiouyAEIOUY")


def hyphen_points(word: str) -> list[int]:
    """Where a Russian word may be broken with a hyphen (a plain rule for headers: V|CV, C|C, after ь/ъ/й; a
    part keeps a vowel and two letters at least)."""
    points = []
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if len(right) < 2 or not (VOWELS & set(left)) or not (VOWELS & set(right)):
            continue
        a, b = word[i - 1], word[i]
        if not (a.isalpha() and b.isalpha()) or b in "ьъйЬЪЙ":
            continue
        if a in "ьъйЬЪЙ":
            points.append(i)
        elif a in VOWELS and b not in VOWELS and word[i + 1] in VOWELS:
            points.append(i)
        elif a not in VOWELS and b not in VOWELS:
            points.append(i)
    return points


def hyphenated(word: str, width: float, font: str, size: float) -> list[str]:
    """A word wider than ``width`` broken at hyphen points («Педаго-», «гический»); cut where no point fits."""
    pieces = []
    while _width(word, font, size) > width:
        fits = [i for i in hyphen_points(word) if _width(word[:i] + "-", font, size) <= width]
        if not fits:
            break
        pieces.append(word[: fits[-1]] + "-")
        word = word[fits[-1]:]
    return [*pieces, word]


def wrap_header(text: str, width: float, font: str = FONT_BOLD, size: float = TABLE_PT) -> list[str]:
    """A column header broken into lines, its long words hyphenated rather than cut."""
    words = []
    for _, word in _words(text.replace("\n", " ")):
        words.extend(hyphenated(word, width, font, size))
    lines, line = [], ""
    for word in words:
        candidate = f"{line} {word}" if line and not line.endswith("-") else f"{line}{word}"
        if line and line.endswith("-"):
            lines.append(line)
            candidate = word
        elif line and _width(candidate, font, size) > width:
            lines.append(line)
            candidate = word
        line = candidate
    lines.append(line)
    return [piece for line in lines for piece in wrap(line, width, font, size)]
