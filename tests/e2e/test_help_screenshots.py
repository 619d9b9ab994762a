"""The screenshots of «Справка»: the page each key task of docs/user/*.md explains, as the guide shows it.

This test makes ``docs/user/img/<name>.png`` (committed; regenerate with
``.venv/bin/pytest -q -m e2e -p no:xdist tests/e2e/test_help_screenshots.py``). :data:`SHOTS` is the list of
what it makes; tests/core/test_help.py fails when a guide shows an image that is not in it or not in the folder,
so a guide cannot point at a picture nobody regenerates.
"""

import io
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

IMG_DIR = Path(__file__).resolve().parents[2] / "docs" / "user" / "img"
#: A screen of a laptop, small enough to stay readable when the help page scales it down to a phone.
SCREEN = {"width": 1000, "height": 700}
MAX_BYTES = 150_000
#: What covers a date and time that changes from run to run (Bootstrap's light grey).
MASK_COLOUR = "#dee2e6"


def _iom_of_school_a():
    from iom.models import Iom

    iom = Iom.objects.filter(organisation__users__username="school_a").order_by("pk").first()
    assert iom is not None, "в демо-данных нет ИОМ школы А"
    return f"/iom/{iom.pk}/"


#: name → (who, the page: a path or a function giving it, text the page must show, the guides that show it)
SHOTS = {
    "my-tasks": ("school_a", "/plan/my/", "Мои задачи", ["school"]),
    "teachers-import": ("school_a", "/teachers/import/", "Проверить файл", ["school", "methodist"]),
    "iom-submit": ("school_a", _iom_of_school_a, "ИОМ", ["school"]),
    "report-district": ("methodist", "/monitoring/reports/district/", "Итоги", ["methodist", "official"]),
}


def save_png(raw: bytes, path: Path) -> int:
    """The screenshot in 256 colours (a page has few; a third of the bytes), optimised; its size in bytes."""
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, format="PNG", optimize=True)
    return path.stat().st_size


def test_help_screenshots(walk):
    IMG_DIR.mkdir(exist_ok=True)
    walks = {}
    for name, (who, page, expect, _guides) in SHOTS.items():
        if who not in walks:
            walks[who] = walk(who)
            walks[who].login(who)
            walks[who].page.set_viewport_size(SCREEN)
        w = walks[who]
        path = page() if callable(page) else page
        w.visit(path, expect_text=expect)
        # The moments of a history (when the demo data were made: another minute every run) are covered, so the
        # same portal gives the same pictures and a run leaves docs/user/img as it was.
        shot = w.page.screenshot(full_page=False, mask=[w.page.locator("time")], mask_color=MASK_COLOUR)
        size = save_png(shot, IMG_DIR / f"{name}.png")
        assert size < MAX_BYTES, f"{name}.png: {size} байт"
    made = {p.stem for p in IMG_DIR.glob("*.png")}
    assert made == set(SHOTS), f"в docs/user/img лишние картинки: {made - set(SHOTS)}"


def test_help_screenshots_fit_a_phone(walk):
    """On a 390 px phone the screenshots scale to the column: no wider than the screen, loaded, with alt text."""
    w = walk("school_a")
    w.visit("/help/school/", expect_text="Как подать ИОМ")
    images = w.page.locator(".help-article img")
    assert images.count() == sum("school" in guides for *_, guides in SHOTS.values())
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.decode()")
        box = image.bounding_box()
        assert image.get_attribute("alt") and image.evaluate("img => img.naturalWidth") == SCREEN["width"]
        assert 0 < box["x"] and box["x"] + box["width"] <= 390, box
    w.page.locator("#iom-submit").scroll_into_view_if_needed()
    w.page.screenshot(path=str(Path(__file__).resolve().parents[2] / "artifacts" / "e2e" / "help-images-390.png"))
    w.check("help with screenshots", screenshot="help-school-images-390")
