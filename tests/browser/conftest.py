"""Browser fixtures: the built site served on 127.0.0.1 and one system Chromium per session.

Playwright drives the Chromium that the operating system ships (``chromium`` from Debian, see
``.ci/run``); it never downloads a browser. A missing Chromium is a test failure, not a skip.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import shared_dir

from .helpers import AXE_JS, AXE_PATH, page_at

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--mute-audio",
]

#: Pages not checked page by page: none. Every .html file of a build is a page readers can open.
SKIP_PAGES: set[str] = set()


def chromium_executable() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    pytest.fail(
        "Chromium is not installed. Install the Debian package 'chromium' "
        "(apt-get install chromium); the browser tests never download a browser."
    )


#: Every response carries the strict policy the site must pass (issue 25): script, style and
#: images from the site only, no inline script, no eval.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing path gets the site's 404.html with status 404. axe-core is
    served at ``AXE_PATH`` (outside the site's own files), cached by the browser. Every
    response sends the Content-Security-Policy header ``CSP``."""

    axe = AXE_JS.read_bytes()

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def do_GET(self):
        if self.path != AXE_PATH:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript; charset=utf-8")
        self.send_header("Content-Length", str(len(self.axe)))
        self.send_header("Cache-Control", "max-age=86400")
        self.end_headers()
        self.wfile.write(self.axe)
        return None

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Chromium drops connections it no longer needs (a page left mid-load): not an
        error of the site, so not a traceback in the test log. Anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Site:
    """A build directory served over HTTP on a free port of 127.0.0.1."""

    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def pages(self) -> list[str]:
        """Every HTML page of the build, as paths relative to the root."""
        found = sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))
        return [p for p in found if not p.startswith("_") and p not in SKIP_PAGES]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def site(site_html: Path, tmp_path_factory) -> Iterator[Site]:
    served = Site(site_html)
    served.survey_dir = shared_dir(tmp_path_factory) / "survey-html"
    yield served
    served.close()


@pytest.fixture(scope="session")
def trainer_site(site_trainer: Path, site: Site, tmp_path_factory) -> Iterator[Site]:
    """The trainers' build; its survey visits only the pages that differ from ``site``."""
    served = Site(site_trainer)
    served.survey_dir = shared_dir(tmp_path_factory) / "survey-trainer"
    served.same_as = site
    yield served
    served.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="module", params=[375, 1366], ids=lambda w: f"{w}px")
def wide_page(request, browser):
    """One page per width (a phone and a desktop) for a test module, in Swedish."""
    with page_at(browser, request.param) as page:
        yield page
