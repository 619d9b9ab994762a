"""Layout profiles: what differs between ГОСТ Р 7.0.97-2016 and ГОСТ Р 7.0.97-2025 for an order.

Everything else (A4, margins 20/10/20/20 mm, page numbers from page 2 at the top centre, the
requisites and their places) is the same in both and lives in static/print/print.css and
templates/orders/print/order.html. Order 866 (15.11.2021) was issued under the 2016 standard;
new orders use the 2025 one (in force since 18.08.2025).

What the 2025 revision changed that matters for a printed order (sources: the revision's
overviews by its developers, see README «Приказы»):
* the font is no longer named (2016 recommended Times New Roman / Arial / Verdana), the size
  stays 12–14 pt — the portal keeps PT Serif 14 pt for both;
* the maximum line of requisites laid out at the top-left corner grew from 7.5 cm to 8 cm
  (our title at the left);
* a heading to the text is now required for every document (2016: may be omitted for short
  texts) — the composer refuses to sign a 2025 order without a title;
* a new requisite «штрих-код (QR-код) документа» (bottom right of the first page) — optional,
  the portal does not print one; electronic signature mark and seal placement were refined —
  not used on the printed paper copy.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LayoutProfile:
    code: str
    standard: str
    font_family: str = "PT Serif"
    text_size_pt: int = 14
    corner_width: str = "7.5cm"  # the title at the left and other corner requisites (a CSS length)
    title_required: bool = False
    qr_code: bool = False
    heading_letter_spacing: str = "0.35em"  # «П Р И К А З»
    notes: tuple = ()


GOST_2016 = LayoutProfile(
    code="2016",
    standard="ГОСТ Р 7.0.97-2016",
    corner_width="7.5cm",
    title_required=False,
    notes=(
        "Шрифт — Times New Roman-подобный (в портале PT Serif), 14 pt.",
        "Заголовок к тексту слева, строка не длиннее 7,5 см.",
    ),
)

GOST_2025 = LayoutProfile(
    code="2025",
    standard="ГОСТ Р 7.0.97-2025",
    corner_width="8cm",
    title_required=True,
    notes=(
        "Шрифт стандарт не называет, размер 12–14 pt (в портале PT Serif, 14 pt).",
        "Заголовок к тексту обязателен для любого документа; строка слева — до 8 см.",
        "Штрих-код (QR-код) документа — необязательный реквизит, портал его не печатает.",
    ),
)

PROFILES = {profile.code: profile for profile in (GOST_2016, GOST_2025)}


def profile_for(order) -> LayoutProfile:
    return PROFILES.get(order.standard, GOST_2025)
