"""A chart is one drawing with two writers: the SVG of the page and the PDF, and the PNG of the DOCX — the
SVG read back gives the same drawing, and the PNG shows its bars in their colours at 2×."""

import io
from decimal import Decimal

import pytest
from lxml import html as lxml_html
from PIL import Image

from monitoring import charts
from salsk_mentoring import drawing

BARS = [
    charts.Bar("Т1. Доля педагогов-наставников «первая»", Decimal("62.5"), Decimal(70), Decimal(65), False),
    charts.Bar("Т2. Доля молодых специалистов & их наставников", Decimal(88), Decimal(80), None, True),
    charts.Bar("Т3. Без данных", None, Decimal(50)),
]


def colour(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def near(pixel, rgb, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, rgb, strict=True))


@pytest.mark.parametrize(
    "svg",
    [
        charts.hbar_chart(BARS, unit="%", scale_max=100, title="Доли и уровни, %"),
        charts.hbar_chart(BARS, unit="% плана", legend=False),
        charts.trend_chart(
            ["2021-2022", "2022-2023", "2023-2024"],
            [("достигнуто", [Decimal(40), None, Decimal(61)], charts.GOOD, False),
             ("цель района", [Decimal(50), Decimal(60), Decimal(70)], charts.TARGET, True)],
            unit="%", title="Т1. Доля", scale_max=100,
        ),
    ],
)
def test_the_svg_of_a_chart_reads_back_into_its_drawing(svg):
    element = lxml_html.fragment_fromstring(str(svg))  # as the DOCX writer meets it in the print HTML
    assert drawing.svg(drawing.from_svg(element)) == svg


def test_the_png_is_the_drawing_at_twice_its_size_with_the_bars_in_their_colours():
    chart = charts.hbar_drawing(
        BARS, unit="%", scale_max=100, title="Доли и уровни, %", width=760, label_width=250, legend=True
    )
    image = Image.open(io.BytesIO(drawing.png(chart)))
    assert image.format == "PNG" and image.size == (760 * 2, chart.height * 2)
    rgb = image.convert("RGB")
    bars = [item for item in chart.items if isinstance(item, drawing.Rect) and item.width > 14]
    assert [bar.fill for bar in bars] == [charts.BAD, charts.GOOD]
    for bar in bars:
        centre = (round((bar.x + bar.width / 2) * 2), round((bar.y + bar.height / 2) * 2))
        assert near(rgb.getpixel(centre), colour(bar.fill))
    # The third row has no bar: white between the grid lines of 25 and 50 (x 367.5 and 477), where the others'
    # bars are coloured.
    middle = (round(420 * 2), round((bars[0].y + 2 * 30 + 8) * 2))
    assert rgb.getpixel(middle) == (255, 255, 255)
    assert rgb.getpixel((middle[0], middle[1] - 60 * 2)) != (255, 255, 255)
    # The region's tick is dashed: its colour, then a gap down the same column.
    [region] = [i for i in chart.items if isinstance(i, drawing.Line) and i.stroke == charts.REGION and i.y1 > 40]
    column = [rgb.getpixel((round(region.x1 * 2), y)) for y in range(round(region.y1 * 2), round(region.y2 * 2))]
    assert any(near(p, colour(charts.REGION), 40) for p in column)
    assert any(not near(p, colour(charts.REGION), 40) for p in column)


def test_an_svg_the_drawing_does_not_make_is_refused():
    element = lxml_html.fragment_fromstring('<svg width="10" height="10"><path d="M0 0L10 10"/></svg>')
    with pytest.raises(ValueError):
        drawing.from_svg(element)


@pytest.mark.parametrize(("top", "target", "labels"), [
    (Decimal("231.7"), Decimal(100), ["0", "50", "100", "150", "200", "250"]),  # the brief's: not 62,5 and 187,5
    (Decimal(90), None, ["0", "25", "50", "75", "100"]),
])
def test_the_axis_is_labelled_in_round_steps(top, target, labels):
    svg = charts.hbar_chart([charts.Bar("М6. Педагоги в банке наставников", top, target)], unit="% плана")
    chart = drawing.from_svg(lxml_html.fragment_fromstring(svg))
    texts = [item.text for item in chart.items if isinstance(item, drawing.Text)]
    assert [t for t in texts if t.replace(",", "").isdigit()][:len(labels)] == labels
