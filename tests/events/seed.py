"""The Appendix 5 table as the seed of Order 866 writes it (a verbatim copy of the seed's section)."""

import re
from pathlib import Path

from django.conf import settings

DATA = Path(__file__).parent / "data" / "appendix5_seed.txt"
SEED_CANDIDATES = [
    Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_a5c7b29bd173e887.txt",
    Path("/work/shared/seeds/000_a5c7b29bd173e887.txt"),
]


def seed_section() -> str:
    return DATA.read_text(encoding="utf-8")


def seed_rows() -> list[list[str]]:
    """[number, name, deadline, responsible, result] per row; the PDF's line breaks joined."""
    text = seed_section()
    table = text.split("Используемые сокращения")[0]
    rows = []
    for line in table.splitlines():
        cells = line.split("\t")
        if (
            len(cells) == 5
            and re.fullmatch(r"\d+\.?", cells[0])
            and not re.fullmatch(r"\d+", cells[1].strip())
        ):
            rows.append([" ".join(c.split()) for c in cells])
    return rows


def seed_title() -> str:
    match = re.search(r"\*\*(.+?)\*\*", seed_section(), re.S)
    return " ".join(match.group(1).split())
