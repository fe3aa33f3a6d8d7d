"""Walk the pages of the site as one user, as a person would by following its links (test helper)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser

from django.test import Client

# Not pages to read: downloads, the API, the admin, logging out, the organisation switch.
SKIPPED = re.compile(r"^/(static|api|admin|deconnexion|organisation|media)/|/export/|/telecharger|\.(csv|xlsx|pdf)$")
LINK = re.compile(r'href="(/[^"#?]*)')  # without query strings: filters and pages of one list


class VisibleText(HTMLParser):
    """The text a reader sees: no <script>, <style>, <head>, nor any « détail technique » (class cpts-technical)."""

    HIDDEN = frozenset({"script", "style", "head", "title"})
    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # one flag per open element: hidden or not
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append(tag in self.HIDDEN or "cpts-technical" in classes)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def crawl(client: Client, start: str = "/", limit: int = 400) -> Iterator[tuple[str, str]]:
    """(path, visible text) of every HTML page reached from `start` by links, each path once, at most `limit`."""
    seen = {start}
    queue = deque([start])
    while queue and len(seen) <= limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        yield path, visible_text(html)
        for link in LINK.findall(html):
            link = link.replace("&amp;", "&")
            if link not in seen and not SKIPPED.search(link):
                seen.add(link)
                queue.append(link)
