"""The print CSS a DOCX can carry: what a document's own ``<style>`` says about letter-spacing and space above.

A print template brings its look in ``<style>`` blocks (``templates/orders/print/style.html``: «ПРИКАЗ» letter-
spaced, 36 pt above the signature). WeasyPrint reads them; the DOCX writer (:mod:`.word`) reads the same rules
through this module, matched the way WeasyPrint matches them (cssselect2, WeasyPrint's own selector engine), so a
Word document gets the same character spacing and paragraph spacing wherever a template asks for it — not a
special case per document. Only the properties Word has a direct counterpart for are read:

* ``letter-spacing`` → the runs' character spacing (``w:spacing``), inherited as in CSS;
* ``margin-top`` (or the top of ``margin``) → the space before the paragraph (a table: before its first row).

``@media screen`` and other at-rules (the ``?format=html`` preview) are skipped; the linked print.css is not
read (its rules are the writer's defaults).
"""

import re

import cssselect2
import tinycss2

PROPERTIES = ("letter-spacing", "margin-top", "margin", "font-size")
PT_PER = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pc": 12.0}
LENGTH = re.compile(r"^(-?\d*\.?\d+)(pt|px|mm|cm|in|pc|em)?$")


def _length(value: str, font_pt: float) -> float | None:
    """A CSS length in points (``em`` of ``font_pt``); ``None`` for what is not a length (``normal``, ``auto``)."""
    match = LENGTH.match(value.strip().lower())
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit is None:
        return number if number == 0 else None
    return number * (font_pt if unit == "em" else PT_PER[unit])


class PrintStyles:
    """The declarations of a document's ``<style>`` rules that apply to each element, in cascade order."""

    def __init__(self, root, *, default_font_pt: float):
        self.default_font_pt = default_font_pt
        self.declared = {}  # element → {property: value}, only for elements some rule gives one of PROPERTIES
        matcher = cssselect2.Matcher()
        rules = 0
        for style in root.iter("style"):
            for rule in tinycss2.parse_stylesheet(style.text or "", skip_whitespace=True, skip_comments=True):
                if rule.type != "qualified-rule":
                    continue  # @media screen (the browser preview), @page: not the printed text
                declarations = {}
                for d in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True):
                    if d.type == "declaration" and d.lower_name in PROPERTIES:
                        value = tinycss2.serialize(d.value).strip()
                        if d.lower_name == "margin":  # its first value is the top
                            declarations["margin-top"] = value.split()[0] if value else value
                        else:
                            declarations[d.lower_name] = value
                if not declarations:
                    continue
                try:
                    selectors = cssselect2.compile_selector_list(rule.prelude)
                except cssselect2.SelectorError:
                    continue
                for selector in selectors:
                    matcher.add_selector(selector, declarations)
                    rules += 1
        if not rules:
            return
        for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
            matches = matcher.match(wrapper)
            if matches:
                merged = {}
                for *_, declarations in sorted(matches, key=lambda m: (m[0], m[1])):
                    merged.update(declarations)
                self.declared[wrapper.etree_element] = merged

    def _inherited(self, element, name):
        while element is not None:
            value = self.declared.get(element, {}).get(name)
            if value is not None:
                return element, value
            element = element.getparent()
        return None, None

    def font_pt(self, element) -> float:
        owner, value = self._inherited(element, "font-size")
        if owner is None:
            return self.default_font_pt
        size = _length(value, self.font_pt(owner.getparent()) if value.endswith("em") else 0)
        return size if size is not None else self.default_font_pt

    def letter_spacing_pt(self, element) -> float:
        """The character spacing of ``element``'s text in points (inherited, as CSS's ``letter-spacing``)."""
        if not self.declared or element is None:
            return 0.0
        _, value = self._inherited(element, "letter-spacing")
        return (_length(value, self.font_pt(element)) or 0.0) if value else 0.0

    def margin_top_pt(self, element) -> float:
        """The space above ``element``'s own box in points (not inherited)."""
        declared = self.declared.get(element) if element is not None else None
        if not declared:
            return 0.0
        value = declared.get("margin-top")
        return max(0.0, _length(value, self.font_pt(element)) or 0.0) if value else 0.0
