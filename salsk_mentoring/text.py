"""Russian wording helpers."""


def plural_ru(count: int, forms: str | tuple[str, str, str]) -> str:
    """Pick the Russian plural form: 1 педагог, 2 педагога, 5 педагогов, 11 педагогов, 21 педагог."""
    one, few, many = forms.split(",") if isinstance(forms, str) else forms
    n = abs(int(count))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def initials(last_name: str, first_name: str = "", middle_name: str = "") -> str:
    """«Иванченко О.В.»"""
    tail = "".join(f"{part[0]}." for part in (first_name, middle_name) if part)
    return f"{last_name} {tail}".strip()


#: What an order's free text may carry: bold, italic, lists and paragraphs (``br``: the line breaks of a
#: paragraph typed in a text area). Nothing else — no links, images, frames, scripts, styles or attributes.
RICH_TEXT_TAGS = frozenset({"p", "br", "b", "strong", "i", "em", "ul", "ol", "li"})
_BLOCK_TAGS = ("<p", "<ul", "<ol")


def sanitise_rich_text(value: str, *, extra_tags=frozenset()) -> str:
    """``value`` with every tag and attribute outside :data:`RICH_TEXT_TAGS` removed (nh3, the Ammonia
    sanitiser; the content of ``<script>``, ``<style>``, ``<iframe>`` goes with the tag).

    What is left stays readable in a text area: ``&`` and non-breaking spaces as typed, while a ``<`` of the
    text stays ``&lt;`` — so every ``<`` of the result opens an allowed tag, and sanitising again changes
    nothing.
    """
    import nh3

    if not value:
        return ""
    cleaned = nh3.clean(value, tags=set(RICH_TEXT_TAGS | extra_tags), attributes={}, link_rel=None, strip_comments=True)
    return cleaned.replace("&nbsp;", "\xa0").replace("&amp;", "&")


def rich_text_html(value: str) -> str:
    """The HTML of free text for a page or a print: typed paragraphs (blank line) and line breaks become
    ``<p>``/``<br>`` unless the text already has its own paragraphs or lists; sanitised in any case."""
    import nh3
    from django.utils.html import linebreaks

    if not value or not value.strip():
        return ""
    html = value if any(tag in value.lower() for tag in _BLOCK_TAGS) else linebreaks(value)
    return nh3.clean(html, tags=set(RICH_TEXT_TAGS), attributes={}, link_rel=None, strip_comments=True)
