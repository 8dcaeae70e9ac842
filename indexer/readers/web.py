"""HTML reader: the main content only (navigation, sharing and related links dropped).

>>> page = b"<html><nav>Accueil</nav><main><h1>Pacte</h1><p>Deux <b>axes</b>.</p></main></html>"
>>> text, blocks, _ = read_html(Path("p.html"), page)
>>> [(b.kind, text[b.start : b.end]) for b in blocks]
[('heading', 'Pacte'), ('paragraph', 'Deux axes.')]
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from indexer.readers.common import Part, assemble
from indexer.types import Block, BlockKind

_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "button"]
_CHROME_TAGS = {"nav", "aside", "footer"}
_CHROME = re.compile(r"breadcrumb|menu|share|related|sidebar|cookie|footer", re.IGNORECASE)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTAINERS = {
    "address", "article", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "header", "hgroup", "html", "main", "ol", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_BLOCK_TAGS = _CONTAINERS | _HEADINGS | {"p", "li"}


def _html_drop_chrome(root: Tag) -> None:
    """Remove navigation, sharing and related-content elements, keeping the main content:
    never <main>, <article> or their ancestors, and never, on a class, id, role or <form>
    alone, an element that holds half the text of the page (ASP.NET pages wrap everything
    in a form; some themes mark the content div "has-share-buttons")."""
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
    keep = {id(a) for m in root.find_all(["main", "article"]) for a in [m, *m.parents]}
    half = len(root.get_text()) / 2
    stack: list[tuple[Tag, bool]] = [(root, root.name in ("main", "article"))]
    while stack:  # depth first, not descending into removed elements
        parent, in_content = stack.pop()
        for tag in [c for c in parent.children if isinstance(c, Tag)]:
            marks = " ".join([*tag.get_attribute_list("class"), str(tag.get("id", ""))])
            marked = tag.name == "form" or bool(_CHROME.search(marks)) \
                or tag.get("role") in _CHROME_ROLES
            chrome = tag.name in _CHROME_TAGS or (tag.name == "header" and not in_content) \
                or (marked and len(tag.get_text()) < half)
            if chrome and id(tag) not in keep:
                tag.decompose()
            else:
                stack.append((tag, in_content or tag.name in ("main", "article")))


def _html_text(el: Tag) -> str:
    """Text of an element as read: inline tags glued, <br> and block tags as spaces."""
    out: list[str] = []
    for node in el.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            out.append(str(node))
        elif isinstance(node, Tag) and (node.name == "br" or node.name in _BLOCK_TAGS):
            out.append(" ")
    return "".join(out)


def _html_parts(el: Tag, kind: BlockKind, parts: list[Part]) -> None:
    """Walk an element in document order: h1-h6 → headings, p → paragraphs, li → items;
    loose inline text in a container becomes a block of the container's kind."""
    loose: list[str] = []

    def flush() -> None:
        if "".join(loose).strip():
            parts.append((kind, 0, "".join(loose)))
        loose.clear()

    for child in el.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments, doctype…
                loose.append(str(child))
        elif not isinstance(child, Tag):
            continue
        elif child.name in _HEADINGS:
            flush()
            parts.append(("heading", int(child.name[1]), _html_text(child)))
        elif child.name == "br":
            loose.append(" ")
        elif child.name in ("p", "li") or child.name in _CONTAINERS \
                or child.find(["p", "li", "div", *_HEADINGS]):
            flush()
            sub_kind: BlockKind = "item" if child.name == "li" else kind
            if child.name == "p" and not child.find(["p", "li", "div", *_HEADINGS]):
                parts.append((sub_kind, 0, _html_text(child)))
            else:
                _html_parts(child, sub_kind, parts)
        else:
            loose.append(_html_text(child))
    flush()


def read_html(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    soup = BeautifulSoup(data, "lxml")
    title = soup.title.get_text() if soup.title else ""
    root = soup.find("main") or soup.find("article") or soup.find(True, role="main") \
        or soup.body or soup
    if not isinstance(root, Tag):
        return "", [], title
    _html_drop_chrome(root)
    parts: list[Part] = []
    _html_parts(root, "paragraph", parts)
    text, blocks = assemble(parts)
    return text, blocks, title
