"""HTML reader: the main content only (navigation, sharing and related links dropped).

A table is one block, a line per row, each cell after its header (from a first row of <th>
or in <thead>), as in Markdown; a layout table (one holding a table or a heading, or a cell
spanning rows or with more than ``MAX_CELL_PARAGRAPHS`` blocks) is read block by block.

>>> page = b"<html><nav>Accueil</nav><main><h1>Pacte</h1><p>Deux <b>axes</b>.</p></main></html>"
>>> text, blocks, found = read_html(Path("p.html"), page)
>>> [(b.kind, text[b.start : b.end]) for b in blocks], found.title
([('heading', 'Pacte'), ('paragraph', 'Deux axes.')], 'Pacte')
>>> print(read_html(Path("t.html"), b"<table><tr><th>Jour<th>Places<tr><td>Lundi<td>45")[0])
Jour : Lundi ; Places : 45
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from indexer.boilerplate import is_teaser_label, strip_site_name
from indexer.readers.common import MAX_CELL_PARAGRAPHS, Part, assemble, one_line, table_text
from indexer.readers.web_meta import marked_times, page_meta
from indexer.types import Block, BlockKind, DocMeta

_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "button"]
_CHROME_TAGS = {"nav", "aside", "footer"}
_CHROME = re.compile(r"breadcrumb|menu|share|related|sidebar|cookie|footer|newsletter|subscri",
                     re.IGNORECASE)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
_COMMENT = re.compile(r"\bcomments?\b", re.IGNORECASE)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTAINERS = {
    "address", "article", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "header", "hgroup", "html", "main", "ol", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_BLOCK_TAGS = _CONTAINERS | _HEADINGS | {"p", "li"}


def _landmark(tag: Tag) -> bool:
    """<nav>, <aside>, <footer>, a navigation/banner/… ARIA role or readers' comments:
    never the content."""
    return tag.name in _CHROME_TAGS or tag.get("role") in _CHROME_ROLES or _comment(tag)


def _marks(tag: Tag) -> str:
    """A tag's classes and id, what themes name their parts with."""
    return " ".join([*tag.get_attribute_list("class"), str(tag.get("id", ""))])


def _comment(tag: Tag) -> bool:
    """Readers' comments (WordPress: <div id="comments">, <article class="comment-body">)."""
    return bool(_COMMENT.search(_marks(tag)))


def _link_teaser(tag: Tag) -> bool:
    """« <p><b>Lire aussi :</b> <a>…</a></p> »: a teaser label and links to other articles,
    nothing else (:func:`indexer.boilerplate.is_teaser_label`)."""
    if tag.name not in ("p", "li", "div") or not any(a.get_text().strip() for a in tag("a")):
        return False
    outside = [s for s in tag.find_all(string=True) if s.find_parent("a") is None]
    return is_teaser_label("".join(s for s in outside if not isinstance(s, PreformattedString)))


def _content_root(body: Tag) -> tuple[Tag, list[Tag]]:
    """The element to read and the content elements in it (kept whatever their marks).

    <main> (or role="main") when there is one. Otherwise the outermost <article> elements,
    weighed by their text outside <nav>/<aside>/<footer>: the largest alone when it holds
    at least half of that page text (an article with related-post cards beside it); else
    all of them, through their closest common container, when together they do (an FAQ
    with one article per question); else the whole <body> (a page whose only <article> is
    a teaser in a sidebar).
    """
    main = body.find("main") or body.find(True, role="main")
    if isinstance(main, Tag):
        return main, [main, *main.find_all("article")]
    counted: dict[int, int] = {}  # id of an element → length of the page text it holds
    landmarks = {id(t) for t in body.find_all(True) if _landmark(t)}  # each element once
    for s in body.find_all(string=True):
        if isinstance(s, PreformattedString) or any(id(p) in landmarks for p in s.parents):
            continue
        for p in s.parents:
            counted[id(p)] = counted.get(id(p), 0) + len(" ".join(s.split()))
    articles = [a for a in body.find_all("article")
                if counted.get(id(a)) and a.find_parent("article") is None]
    half = counted.get(id(body), 0) / 2
    largest = max(articles, key=lambda a: counted[id(a)], default=None)
    if largest is not None and counted[id(largest)] >= half:
        return largest, [largest]
    if not articles or sum(counted[id(a)] for a in articles) < half:
        return body, []
    others = [{id(p) for p in a.parents} for a in articles[1:]]
    root = next(p for p in [articles[0], *articles[0].parents]
                if all(id(p) in ancestors for ancestors in others))
    return root, articles


def _html_drop_chrome(root: Tag, content: list[Tag]) -> None:
    """Remove navigation, sharing, newsletter and related-content elements (a « Lire aussi :
    <a>…</a> » paragraph too), keeping the main content:
    never the ``content`` elements (<main>, the chosen <article>s) or their ancestors, and
    never, on a class, id, role or <form> alone, an element that holds half the text of the
    page (ASP.NET pages wrap everything in a form; some themes mark the content div
    "has-share-buttons"; nor an <article> on its own marks at all). A <header> is chrome
    outside the content unless it holds an <h1> and no <nav>: a page with no <main>/<article>
    often puts its title and lead in <header class="entry-header">, while the site header
    holds the logo and menu."""
    keep = {id(a) for c in content for a in [c, *c.parents]}
    starts = {id(c) for c in content}
    half = len(root.get_text()) / 2
    stack: list[tuple[Tag, bool]] = [(root, id(root) in starts)]
    while stack:  # depth first, not descending into removed elements
        parent, in_content = stack.pop()
        for tag in [c for c in parent.children if isinstance(c, Tag)]:
            marks = _marks(tag)
            marked = tag.name != "article" and (tag.name == "form" or bool(_CHROME.search(marks))
                                                or tag.get("role") in _CHROME_ROLES)
            site_header = tag.name == "header" and not in_content \
                and (tag.find("h1") is None or tag.find("nav") is not None)
            chrome = tag.name in _CHROME_TAGS or site_header \
                or (marked and len(tag.get_text()) < half) or _link_teaser(tag)
            if chrome and id(tag) not in keep:
                tag.decompose()
            else:
                stack.append((tag, in_content or id(tag) in starts))


def _html_text(el: Tag) -> str:
    """Text of an element as read: inline tags glued, <br> and block tags as spaces."""
    out: list[str] = []
    for node in el.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            out.append(str(node))
        elif isinstance(node, Tag) and (node.name == "br" or node.name in _BLOCK_TAGS):
            out.append(" ")
    return "".join(out)


def _span(cell: Tag, attr: str) -> int:
    """A cell's ``colspan`` or ``rowspan``: 1 when unreadable, 99 at most."""
    value = str(cell.get(attr, "1")).strip()
    return min(int(value), 99) if value.isdecimal() else 1


def _html_table(table: Tag) -> str | None:
    """A table's text (:func:`indexer.readers.common.table_text`), a cell spanning columns
    read once in its row; ``None`` for a layout table (see the module's docstring)."""
    rows = [tr.find_all(["td", "th"], recursive=False) for tr in table.find_all("tr")]
    if table.find(["table", *_HEADINGS]) or any(
            _span(c, "rowspan") != 1 or len(c.find_all(["p", "li", "div"])) > MAX_CELL_PARAGRAPHS
            for row in rows for c in row):
        return None
    header = bool(rows and rows[0]) and (all(c.name == "th" for c in rows[0]) or getattr(
        rows[0][0].find_parent(["thead", "table"]), "name", "") == "thead")
    return table_text([[(id(c), one_line(_html_text(c))) for c in row
                        for _ in range(max(_span(c, "colspan"), 1))] for row in rows], header)


def _html_parts(el: Tag, kind: BlockKind, parts: list[Part], depth: int = 0) -> None:
    """Walk an element in document order: h1-h6 → headings, p → paragraphs, li → items
    (their level: how many <li> hold them, 1 for a top item), a table of values → one
    block (its caption before it); loose inline text in a container becomes a block of the
    container's kind. Each block's text on one line (a table: one line per row)."""
    loose: list[str] = []

    def flush() -> None:
        if "".join(loose).strip():
            parts.append((kind, depth if kind == "item" else 0, one_line("".join(loose))))
        loose.clear()

    for child in el.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments, doctype…
                loose.append(str(child))
        elif not isinstance(child, Tag):
            continue
        elif child.name in _HEADINGS:
            flush()
            parts.append(("heading", int(child.name[1]), one_line(_html_text(child))))
        elif child.name == "table" and (table := _html_table(child)) is not None:
            flush()
            caption = one_line(_html_text(child.caption)) if child.caption else ""
            parts += [(kind, depth if kind == "item" else 0, t) for t in (caption, table)]
        elif child.name == "br":
            loose.append(" ")
        elif child.name in ("p", "li") or child.name in _CONTAINERS \
                or child.find(["p", "li", "div", *_HEADINGS]):
            flush()
            sub_kind: BlockKind = "item" if child.name == "li" else kind
            sub_depth = depth + (child.name == "li")
            if child.name == "p" and not child.find(["p", "li", "div", *_HEADINGS]):
                parts.append((sub_kind, sub_depth if sub_kind == "item" else 0,
                              one_line(_html_text(child))))
            else:
                _html_parts(child, sub_kind, parts, sub_depth)
        else:
            loose.append(_html_text(child))
    flush()


def fragment_parts(fragment: str, kind: BlockKind = "paragraph", depth: int = 0) -> list[Part]:
    """The blocks of an HTML fragment (raw HTML in a Markdown file), read as a page's are;
    a block's blanks and line breaks are one space, as a browser shows them (but a table's rows,
    and a no-break space, which stays).

    >>> fragment_parts("<div><p>Deux <b>axes</b>&nbsp;:</p><!-- note --><p>un,\\n deux.</p></div>")
    [('paragraph', 0, 'Deux axes\\xa0:'), ('paragraph', 0, 'un, deux.')]
    """
    soup = BeautifulSoup(fragment, "lxml")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    parts: list[Part] = []
    _html_parts(soup.body or soup, kind, parts, depth)
    return parts


def _page_title(soup: BeautifulSoup, root: Tag) -> str:
    """The content's <h1> when it has one only, else og:title, else <title> without the site
    name after it (« Actualité - Association » → « Actualité »)."""
    h1 = [one_line(_html_text(t)) for t in root.find_all("h1")]
    og = soup.find("meta", attrs={"property": "og:title"})
    og_title = one_line(str(og.get("content", ""))) if isinstance(og, Tag) else ""
    return (h1[0] if len(h1) == 1 else "") or og_title \
        or strip_site_name(soup.title.get_text() if soup.title else "")


def read_html(path: Path, data: bytes) -> tuple[str, list[Block], DocMeta]:
    soup = BeautifulSoup(data, "lxml")
    times = marked_times(soup)
    date, publisher, url = page_meta(soup, times)  # JSON-LD is in a <script>: read it first
    for _, tag in times:  # « 14 mars 202420 mars »: a post's dates, now read
        tag.decompose()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    root, content = _content_root(soup.body or soup)
    _html_drop_chrome(root, content)
    title = _page_title(soup, root)
    parts: list[Part] = []
    _html_parts(root, "paragraph", parts)
    text, blocks = assemble(parts, lines=True)  # only a table's rows are lines
    return text, blocks, DocMeta(title=title, date=date, publisher=publisher, url=url)
