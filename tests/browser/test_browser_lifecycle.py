"""A page built before a policy's period ended shows the notice once the reader's clock has
passed the date: the local script reads the date from the page, with no request anywhere."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_site

from .conftest import Site
from .helpers import goto_loaded

#: Built half a year before Huddinge's strategy 2016–2020 ran out.
BUILT_ON = "2020-06-01"
PAGES = ("policy/huddinge/strategi.html", "policy/index.html", "policy/ansvar.html")
NOTICE = ".handbok-lifecycle-notice"


@pytest.fixture(scope="module")
def early_site(tmp_path_factory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("early")
    src = copy_site(tmp / "src")
    out = tmp / "html"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W",
                           "--keep-going", "-D", f"handbok_today={BUILT_ON}", str(src), str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    served = Site(out)
    yield served
    served.close()


def visible_notices(page) -> list[str]:
    return [n.inner_text() for n in page.locator(NOTICE).all() if n.is_visible()]


@pytest.mark.parametrize("width", [375, 1366])
def test_the_notice_appears_after_the_date(early_site, browser, width):
    requests: list[str] = []
    ctx = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        page.on("request", lambda r: requests.append(r.url))
        # The day of the build: the notice is in the page but hidden.
        page.clock.set_fixed_time("2020-06-01T12:00:00")
        goto_loaded(page, early_site.url(PAGES[0]))
        assert page.locator(f"{NOTICE}[data-handbok-from='2021-01-01']").count() == 1
        assert visible_notices(page) == []
        # The last day of the period: still nothing.
        page.clock.set_fixed_time("2020-12-31T23:00:00")
        page.reload(wait_until="load")
        assert visible_notices(page) == []
        # Two years on: the reader sees the notice, at the top of the page.
        page.clock.set_fixed_time("2022-03-15T09:00:00")
        for path in PAGES:
            goto_loaded(page, early_site.url(path))
            shown = visible_notices(page)
            assert shown, path
            assert "31 december 2020" in shown[0] and "Fråga Huddinge kommun" in shown[0], path
        goto_loaded(page, early_site.url(PAGES[0]))
        notice = page.locator(f"{NOTICE}:visible").first
        notice.scroll_into_view_if_needed()
        box = notice.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
        assert "Giltighetstiden har gått ut" in notice.inner_text()
        shots = Path(early_site.root).parent / "shots"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / f"strategi-{width}.png"))
    finally:
        ctx.close()
    assert all(url.startswith(early_site.origin) for url in requests), requests
