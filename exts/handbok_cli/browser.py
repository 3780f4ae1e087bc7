"""The one way the tools start Chromium: Debian's ``chromium`` driven by Playwright, offline.

Used by ``printpdf`` (the book and the handouts), ``redline`` (the committee's PDF) and
``importbench`` (the seed texts as PDFs). Only the build's own files are read: every http(s)
request goes to a proxy address where nothing listens, loopback included (``<-loopback>``), so
it fails at once; ``file://`` and ``set_content`` do not go through a proxy. (A Playwright route
that let each file through took a third of the printing time.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Debian's packages name the program ``chromium``; some other systems ``chromium-browser``.
NAMES = ("chromium", "chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


def chromium_path() -> str:
    """The Chromium program; a Swedish RuntimeError when it is not installed."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium saknas. Installera Debian-paketet chromium "
                       "(se .ci/debian-packages).")


def launch(playwright: Any) -> Any:
    """A headless Chromium browser started by a running Playwright."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)


@contextmanager
def chromium() -> Iterator[Any]:
    """Playwright and a Chromium browser for a ``with`` block; both stopped after it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()

