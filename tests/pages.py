"""What a page shows a person: its text without the elements it hides (``hidden``), scripts and <noscript>.

The job page carries its download link and error box hidden until the job gets there (static/js/jobs.js shows
them in place), so a test of what the page *says* reads the shown text, not the markup."""

import lxml.html


def shown_text(html: str) -> str:
    root = lxml.html.fromstring(html)
    for element in root.xpath("//*[@hidden] | //script | //noscript | //style | //head"):
        element.drop_tree()
    return " ".join(root.text_content().split())
