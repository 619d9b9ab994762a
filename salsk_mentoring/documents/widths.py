"""Column widths of a long table: every column's width fixed from all the data, so every page has the same
columns — CSS 2.1's automatic table layout (:func:`share_width`) or, for a dense list, the widths that take the
fewest lines (:func:`dense_widths`)."""

from .textfit import FONT, FONT_BOLD, PAD_X, RULE, TABLE_PT, _width, _words, hyphen_points


def _cell_lines(texts):
    """(column, line) for every line of every text of ``texts`` (a collection of texts per column)."""
    for i, column_texts in enumerate(texts):
        for text in column_texts:
            if text:
                for line in text.split("\n"):
                    yield i, line


def natural_widths(headers, rows, *, size=TABLE_PT, nowrap=(), dense=False, pad_x=PAD_X):
    """Each column's narrowest (its longest word) and widest (its longest line) text width, padding included;
    ``dense``: the header asks room only for its longest syllable (it is hyphenated into lines)."""
    columns = len(headers)
    extra = 2 * pad_x + RULE + 0.01  # + a hundredth: a cell exactly as wide as its text must not wrap
    # Each column's distinct texts, measured once: names, organisations and positions repeat down a long list
    # (the widths are maxima, so the order and the repeats do not change them).
    texts = [set(column) for column in zip(*rows, strict=True)] if rows else [set() for _ in headers]
    if dense:
        return _dense_natural_widths(headers, texts, size=size, nowrap=nowrap, extra=extra)
    minimum, maximum = [0.0] * columns, [0.0] * columns
    for font, group in ((FONT_BOLD, [[header] for header in headers]), (FONT, texts)):
        for i, line in _cell_lines(group):
            full = _width(line, font, size)
            if full > maximum[i]:
                maximum[i] = full
            if font == FONT and i in nowrap:  # td.num { white-space: nowrap }
                if full > minimum[i]:
                    minimum[i] = full
            elif full > minimum[i]:
                for _, word in _words(line):
                    word_width = _width(word, font, size)
                    if word_width > minimum[i]:
                        minimum[i] = word_width
    minimum = [w + extra for w in minimum]
    maximum = [max(w + extra, m) for w, m in zip(maximum, minimum, strict=True)]
    return minimum, maximum


def _dense_natural_widths(headers, texts, *, size, nowrap, extra):
    """A dense list: the header is broken into lines (its long words hyphenated) rather than widen a column of
    two-digit numbers: the data alone decide the widths, a header only asks room for its longest syllables."""
    columns = len(headers)
    minimum, maximum = [0.0] * columns, [0.0] * columns
    for i, header in enumerate(headers):
        for _, word in _words(header):  # a long word in two halves at most, at its most central hyphen point
            whole = _width(word, FONT_BOLD, size)
            halves = [max(_width(word[:p] + "-", FONT_BOLD, size), _width(word[p:], FONT_BOLD, size))
                      for p in hyphen_points(word)]
            minimum[i] = max(minimum[i], min([whole, *halves]))
    for i, line in _cell_lines(texts):
        full = _width(line, FONT, size)
        maximum[i] = max(maximum[i], full)
        if full <= minimum[i]:
            continue  # no word of the line is wider than the line
        words = [line] if i in nowrap else [word for _, word in _words(line)]
        minimum[i] = max(minimum[i], *(_width(word, FONT, size) for word in words))
    minimum = [w + extra for w in minimum]
    maximum = [max(w + extra, m) for w, m in zip(maximum, minimum, strict=True)]
    return minimum, maximum


def share_width(minimum: list[float], maximum: list[float], available: float) -> list[float]:
    """The automatic table layout of CSS 2.1 (as WeasyPrint does it): each column between its longest word and
    its longest line, the spare width shared by need."""
    if sum(maximum) <= available:
        grow = available - sum(maximum)
        return [w + grow * w / sum(maximum) for w in maximum]
    if sum(minimum) >= available:
        return [w * available / sum(minimum) for w in minimum]  # words are cut rather than the page overflowed
    share = (available - sum(minimum)) / (sum(maximum) - sum(minimum))
    return [lo + (hi - lo) * share for lo, hi in zip(minimum, maximum, strict=True)]


def dense_widths(minimum, maximum, rows, available, *, size=TABLE_PT, sample=150, pad_x=PAD_X) -> list[float]:
    """Widths for a dense list: as few lines per row as the page allows.

    Every column starts at its longest word; the spare width then goes, step by step, to the column where it
    saves the most lines per point of width (judged on an even sample of the rows: a row takes as many lines as
    its fullest cell; a little is counted for a cell's own lines too), never beyond a column's longest line.
    What is left when no step saves a line is shared out as CSS does. The widths hold for the whole list, so
    every page has the same columns."""
    import bisect
    import math

    if sum(maximum) <= available or sum(minimum) >= available:
        return share_width(minimum, maximum, available)
    extra = 2 * pad_x + RULE
    step = max(1, len(rows) // sample)
    cells = [[[_width(line, FONT, size) for line in t.split("\n")] if t else [] for t in row] for row in rows[::step]]
    columns = range(len(minimum))
    widths = list(minimum)

    def lines(paragraphs, width):
        inner = max(1.0, width - extra)
        return sum(max(1, math.ceil(w / inner - 1e-9)) for w in paragraphs) if paragraphs else 1

    # The widths at which some cell of a column loses a line (computed once).
    thresholds = [
        sorted({min(maximum[i], w / k + extra) for row in cells for w in row[i] for k in (1, 2, 3)} | {maximum[i]})
        for i in columns
    ]
    counts = [[lines(row[i], widths[i]) for i in columns] for row in cells]
    # Only a cell on more than one line can save a line: the rows where column i wraps.
    wrapped = [[r for r, count in enumerate(counts) if count[i] > 1] for i in columns]

    def others(count, i):  # the fullest cell of a row but column i's
        return max(c for j, c in enumerate(count) if j != i) if len(count) > 1 else 0

    while True:
        free = available - sum(widths)
        best = None
        for i in columns:
            if widths[i] >= maximum[i] - 0.01 or not wrapped[i]:
                continue
            start = bisect.bisect_right(thresholds[i], widths[i] + 0.01)
            for target in thresholds[i][start:start + 4]:
                if target > widths[i] + free:
                    break
                saved = 0.0
                for r in wrapped[i]:
                    count = counts[r]
                    new = lines(cells[r][i], target)
                    if new < count[i]:
                        saved += max(count) - max(new, others(count, i)) + 0.05 * (count[i] - new)
                ratio = saved / (target - widths[i])
                if saved and (best is None or ratio > best[0]):
                    best = (ratio, i, target)
        if best is None:
            break
        _, i, target = best
        widths[i] = target
        for r in wrapped[i]:
            counts[r][i] = lines(cells[r][i], target)
        wrapped[i] = [r for r in wrapped[i] if counts[r][i] > 1]
    free = available - sum(widths)
    room = [hi - w for hi, w in zip(maximum, widths, strict=True)]
    if free > 0 and sum(room) > 0:
        widths = [w + free * r / sum(room) for w, r in zip(widths, room, strict=True)]
    elif free > 0:
        widths = [w + free * w / sum(widths) for w in widths]
    return widths
