"""What a web page says of itself in its <head>: its date, its site and its address.

A page saved from a site keeps metadata that its text does not show: the Open Graph and
Dublin Core <meta> tags, schema.org JSON-LD, the canonical <link>, a blog post's marked
<time>. A document added by a user then cites its source with the site's name, the page's
own address and its date, as the manifest would give them. A publication date comes
before a modification date.

>>> from bs4 import BeautifulSoup
>>> head = '''<head><meta property="og:site_name" content="Ville de Paris">
... <link rel="canonical" href="https://www.paris.fr/pages/pacte-1234">
... <meta property="article:modified_time" content="2023-01-05T08:00:00+01:00">
... <script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",
...  "datePublished": "2022-06-30T09:15:00+02:00"}]}</script></head>'''
>>> page_meta(BeautifulSoup(head, "lxml"))
('2022-06-30', 'Ville de Paris', 'https://www.paris.fr/pages/pacte-1234')
>>> page_meta(BeautifulSoup('<link rel="canonical" href="/pages/pacte">', "lxml"))
('', '', '')
>>> post = '<time class="entry-date published" datetime="2024-03-12T08:00:00+00:00">12 mars'
>>> page_meta(BeautifulSoup(post, "lxml"))[0]
'2024-03-12'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Tag

from indexer.dates import iso_date
from indexer.readers.common import one_line

# <meta> names and properties, most telling first (compared in lower case).
PUBLISHED = ("article:published_time", "og:published_time", "datepublished", "dc.date.issued",
             "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
             "date", "pubdate", "publication_date")
MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
            "dcterms.modified", "last-modified")
PUBLISHER = ("og:site_name", "dc.publisher", "dcterms.publisher", "publisher")


def page_meta(soup: BeautifulSoup, times: list[tuple[str, Tag]] | None = None
              ) -> tuple[str, str, str]:
    """The page's date (AAAA-MM-JJ), publisher and absolute http(s) address; "" for each
    it does not give (a relative canonical link says nothing of the site). ``times``: the
    page's :func:`marked_times`, when the caller has them already."""
    tags = _meta_tags(soup)
    linked = _json_ld(soup)
    times = marked_times(soup) if times is None else times
    published = [tags.get(k, "") for k in PUBLISHED] + [_ld(linked, "datePublished"),
                                                        _time(times, "published")]
    modified = [tags.get(k, "") for k in MODIFIED] + [_ld(linked, "dateModified"),
                                                      _time(times, "modified")]
    date = next((d for d in map(iso_date, published + modified) if d), "")
    publisher = next((v for k in PUBLISHER if (v := one_line(tags.get(k, "")))), "") \
        or one_line(_ld(linked, "publisher"))
    canonical = soup.find("link", rel="canonical")
    urls = [str(canonical.get("href", "")) if isinstance(canonical, Tag) else "",
            tags.get("og:url", "")]
    url = next((u.strip() for u in urls if u.strip().lower().startswith(("http://", "https://"))),
               "")
    return date, publisher, url


_MARKS = {"published": {"datepublished", "published", "entry-date"},
          "modified": {"datemodified", "updated", "modified"}}


def marked_times(soup: BeautifulSoup) -> list[tuple[str, Tag]]:
    """The <time> elements that a blog theme marks as the post's publication
    (``itemprop="datePublished"``, class "published" or "entry-date") or modification
    (``dateModified``, "updated", "modified"), outside <nav>, <aside> and <footer> (a
    sidebar's recent posts), as ``("published" | "modified", tag)``; a <time> in the text
    may date anything else. The reader drops them from the text, as it drops a stamp line."""
    found = []
    for tag in soup.find_all("time", datetime=True):
        named = {str(tag.get("itemprop", "")).lower(),
                 *(c.lower() for c in tag.get_attribute_list("class") if c)}
        which = next((w for w, marks in _MARKS.items() if named & marks), None)
        if which and tag.find_parent(["nav", "aside", "footer"]) is None:
            found.append((which, tag))
    return found


def _time(times: list[tuple[str, Tag]], which: str) -> str:
    """The ``datetime`` of the first of ``times`` of that kind."""
    return next((str(t["datetime"]) for w, t in times if w == which), "")


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """Each <meta>'s name, property or itemprop (lower case) → its content, the first
    one of each name."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if isinstance(key, str) and isinstance(content, str):
                found.setdefault(key.strip().lower(), content)
    return found


def _json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """The objects of the page's JSON-LD scripts, ``@graph`` lists flattened; a script that
    is no valid JSON is left out (it is only metadata)."""
    objects: list[dict[str, Any]] = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.get_text())
        except ValueError:
            continue
        objects.extend(_objects(data))
    return objects


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph", []))


def _ld(objects: list[dict[str, Any]], key: str) -> str:
    """The first string value of ``key`` among ``objects`` (a publisher object: its name)."""
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value
    return ""
