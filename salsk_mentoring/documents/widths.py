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


def _word_runs(text, size):
    """A cell's text as what greedy line breaking needs: per line of the text, (space before, width) per word."""
    space = _width(" ", FONT, size)
    return [
        [(space if gap else 0.0, _width(word, FONT, size)) for gap, word in _words(line)]
        for line in text.split("\n")
    ]


def _count_lines(runs, inner):
    """The lines a cell takes at ``inner`` width, broken as :func:`.textfit.wrap` breaks them: at the spaces and
    after hyphens, a word wider than the column cut into pieces."""
    import math

    lines = 0
    for words in runs:
        lines += 1
        filled = None
        for gap, width in words:
            if filled is not None and filled + gap + width <= inner:
                filled += gap + width
                continue
            if filled is not None:
                lines += 1
            if width > inner:  # cut
                lines += math.ceil(width / inner - 1e-9) - 1
                width = width - (math.ceil(width / inner - 1e-9) - 1) * inner
            filled = width
    return max(lines, 1)


def _narrowest(runs, lines, low, high, extra):
    """The narrowest column (padding included) in which the cell takes at most ``lines`` lines; the width of a
    greedy break only changes at a few points, so a bisection to a tenth of a point finds it."""
    if _count_lines(runs, high - extra) > lines:
        return None
    while high - low > 0.1:
        middle = (low + high) / 2
        if _count_lines(runs, middle - extra) <= lines:
            high = middle
        else:
            low = middle
    return high


class _Cell:
    """A sampled cell's line count at any column width, from the widths where it loses a line (found once)."""

    def __init__(self, runs, low, high, extra):
        self.most = _count_lines(runs, max(1.0, low - extra))  # its lines in the narrowest column
        # ascending widths: for ≤ most − j lines from the j-th on (the last one: a single line)
        needs = [_narrowest(runs, k, low, high, extra) for k in range(self.most - 1, 0, -1)]
        self.steps = [w for w in needs if w is not None]

    def lines(self, width):
        import bisect

        return self.most - bisect.bisect_right(self.steps, width + 1e-6)


def dense_widths(minimum, maximum, rows, available, *, size=TABLE_PT, sample=150, pad_x=PAD_X) -> list[float]:
    """Widths for a dense list: as few lines per row as the page allows.

    Every column starts at its longest word; the spare width then goes, step by step, to the column where it
    saves the most lines per point of width (judged on an even sample of the rows: a row takes as many lines as
    its fullest cell; a little is counted for a cell's own lines too), never beyond a column's longest line.
    The lines of a cell are counted as the page breaks them — whole words on a line (a name of three words needs
    two of them side by side to take two lines, not half its width) — and a step goes to a width where some cell
    really loses a line. What is left when no step saves a line is shared out as CSS does. The widths hold for
    the whole list, so every page has the same columns."""
    import bisect

    if sum(maximum) <= available or sum(minimum) >= available:
        return share_width(minimum, maximum, available)
    extra = 2 * pad_x + RULE
    step = max(1, len(rows) // sample)
    columns = range(len(minimum))
    cells = [
        [_Cell(_word_runs(t, size), minimum[i], maximum[i], extra) if t else None for i, t in enumerate(row)]
        for row in rows[::step]
    ]
    widths = list(minimum)

    def lines(cell, width):
        return cell.lines(width) if cell is not None else 1

    # The widths at which some cell of a column comes down to three, two or one line (computed once).
    thresholds = [sorted({maximum[i]} | {w for row in cells if row[i] is not None for w in row[i].steps[-3:]})
                  for i in columns]
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
