"""Helpers shared by the browser tests."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from filelock import FileLock

#: axe-core from the npm registry, vendored into the tests (see vendor/README.md).
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
#: Where the test server serves axe-core (not a file of the site). Loaded by address, Chromium
#: compiles it once and reuses the compiled code on the next page, where a script handed over
#: as text is parsed and compiled again on every page (a third of a survey's time).
AXE_PATH = "/__tests__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: The desk width of the survey and the browser tests.
DESK = {"width": 1366, "height": 900}
#: The phone width.
PHONE = {"width": 375, "height": 800}
#: Records the page's Content-Security-Policy violations in window.__handbokCsp (an init
#: script: it runs before any script of the page).
CSP_LISTENER = """
window.__handbokCsp = [];
document.addEventListener('securitypolicyviolation', (e) => {
    window.__handbokCsp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' '
        + (e.sourceFile || '') + ':' + (e.lineNumber || 0) + ' ' + (e.sample || ''));
});
"""


def goto_idle(page, url: str):
    """Open a page and wait until the network is idle."""
    return page.goto(url, wait_until="networkidle")


def goto_loaded(page, url: str):
    """Open a page and wait for its load event (scripts and styles are in)."""
    return page.goto(url, wait_until="load")


def run_axe(page, tags=WCAG_TAGS, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core on the open page; return the violations in short form."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        where = urlsplit(page.url)
        if where.scheme in ("http", "https"):
            page.add_script_tag(url=f"{where.scheme}://{where.netloc}{AXE_PATH}")
        else:
            page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {
        "runOnly": {"type": "tag", "values": list(tags)}
    }
    return page.evaluate(
        """async (options) => {
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                id: v.id,
                help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary),
            }));
        }""",
        options,
    )


def describe(violations_by_page: dict[str, list[dict]]) -> str:
    lines = []
    for page, violations in violations_by_page.items():
        for v in violations:
            lines.append(f"{page}: {v['id']} ({v['help']})")
            lines.extend(f"    {n}" for n in v["nodes"])
    return "\n".join(lines)


# --- one visit per page, every per-page check ----------------------------------------------------

_SET_THEME = """(theme) => {
    // Measure the theme's final colours, not a colour transition half-way.
    // A constructed style sheet: the site's Content-Security-Policy refuses a <style> element.
    if (!window.handbokTestNoTransitions) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync('*, *::before, *::after { transition: none !important; }');
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        window.handbokTestNoTransitions = sheet;
    }
    localStorage.setItem('mode', theme);
    localStorage.setItem('theme', theme);
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.mode = theme;
}"""
_BACKGROUND = """() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor
        .match(/[0-9.]+/g).map(Number);
    return (r + g + b) / 3;
}"""
_FOOTER = """() => {
    const links = [...document.querySelectorAll('footer .handbok-tillganglighet-footer a')]
        .filter(a => a.textContent.includes('Tillgänglighetsredogörelse'));
    const a = links[0];
    const box = a ? a.getBoundingClientRect() : null;
    return {count: links.length, href: a ? a.href : '',
            visible: !!box && box.width > 0 && box.height > 0
                     && getComputedStyle(a).visibility !== 'hidden'};
}"""


#: Files of a build that no page loads on opening (the survey compares the rest): the search
#: index (search.html loads it; that page is always visited) and the downloads.
_NOT_LOADED = ("searchindex.js", ".buildinfo", "objects.inv", "export/", "utskrift/")
#: Stands for the served site's origin in a stored record (every worker has its own port).
_ORIGIN = "@ORIGIN@"
#: How long a worker waits for pages that another worker is visiting.
_WAIT_SECONDS = 900


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
            and not p.relative_to(root).as_posix().startswith(_NOT_LOADED)}


def same_pages(served, other) -> set[str]:
    """Pages of ``served`` that look exactly as in ``other``: the same bytes, and every file
    a page may load is the same in both builds. Empty if any such file differs."""
    mine, theirs = _files(served.root), _files(other.root)
    resources = {k for k in mine.keys() | theirs.keys() if not k.endswith(".html")}
    if any(mine.get(k) != theirs.get(k) for k in resources):
        return set()
    return {k for k in mine if k.endswith(".html") and k != "search.html"
            and mine[k] == theirs.get(k)}


def _visit(page, served, path: str, rec: dict) -> None:
    goto_loaded(page, served.url(path))
    rec["axe"] = run_axe(page)
    rec["footer"] = page.evaluate(_FOOTER)
    rec["favicon"] = page.locator('link[rel="icon"]').evaluate("l => l.href")
    rec["background"] = {"light": page.evaluate(_BACKGROUND)}
    page.evaluate(_SET_THEME, "dark")
    page.wait_for_timeout(50)
    rec["theme"] = page.evaluate("document.documentElement.dataset.theme")
    rec["background"]["dark"] = page.evaluate(_BACKGROUND)
    rec["contrast_dark"] = run_axe(page, rules=["color-contrast"])
    page.evaluate(_SET_THEME, "light")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(50)
    page.set_viewport_size({"width": 320, "height": 640})
    page.wait_for_timeout(50)
    rec["overflow_320"] = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.set_viewport_size(DESK)
    # Open the search dialog too: it may load more.
    page.keyboard.press("Control+k")
    page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")
    rec["csp"] = page.evaluate("window.__handbokCsp || []")


def survey(browser, served) -> dict[str, dict]:
    """Visit every page of ``served`` once and take every per-page measurement there: axe in
    both themes, the footer, the favicon, overflow at 320 px, requests and console errors.

    Opening each page once for all checks (rather than once per check) keeps the browser
    tests fast; each test then asserts on its own part. The records are shared by the
    pytest-xdist workers (``served.survey_dir``): a worker takes the next page nobody has
    taken, so two workers that need the survey at once split the pages. A served build with
    ``served.same_as`` (the trainers' build beside the public one) is visited only where a
    page differs; the others are the public records, with this site's origin.
    """
    cached = getattr(served, "_survey", None)
    if cached is not None:
        return cached
    pages = served.pages()
    reused: dict[str, dict] = {}
    other = getattr(served, "same_as", None)
    if other is not None:
        same = same_pages(served, other) & set(pages)
        theirs = survey(browser, other)
        reused = {p: _with_origin(theirs[p], other.origin, served.origin) for p in same}
    store = SurveyStore(served.survey_dir, [p for p in pages if p not in reused])
    ctx = browser.new_context(locale="sv-SE", viewport=DESK)
    ctx.add_init_script(CSP_LISTENER)
    try:
        page = ctx.new_page()
        current: dict = {}
        # Requests of the page, not of the test's own tool (axe-core, see run_axe).
        page.on("request", lambda req: urlsplit(req.url).path != AXE_PATH
                and current["rec"]["requests"].append(req.url))
        # Not the messages of the test's own tool (axe-core is refused the <style> it adds by
        # the site's Content-Security-Policy; rec["csp"] keeps those violations).
        page.on("console", lambda msg: msg.type == "error"
                and urlsplit(msg.location.get("url") or "").path != AXE_PATH
                and current["rec"]["console"].append(msg.text))
        page.on("pageerror", lambda err: current["rec"]["console"].append(str(err)))
        while (path := store.claim()) is not None:
            current["rec"] = rec = {"requests": [], "console": []}
            _visit(page, served, path, rec)
            current["rec"] = {"requests": [], "console": []}
            store.put(path, json.dumps(rec).replace(served.origin, _ORIGIN))
    finally:
        ctx.close()
    results = {p: json.loads(text.replace(_ORIGIN, served.origin))
               for p, text in store.wait().items()}
    results.update(reused)
    served._survey = {p: results[p] for p in pages}
    return served._survey


def _with_origin(rec: dict, old: str, new: str) -> dict:
    return json.loads(json.dumps(rec).replace(old, new))


class SurveyStore:
    """Survey records on disk, one file per page, shared by the workers of a run."""

    def __init__(self, folder: Path, pages: list[str]):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.pages = folder, pages
        self.lock = FileLock(str(folder / "claims.lock"))

    def _file(self, path: str, kind: str) -> Path:
        return self.folder / (path.replace("/", "__") + kind)

    def claim(self) -> str | None:
        """The next page that no worker has taken, now taken by this one."""
        with self.lock:
            for path in self.pages:
                claim = self._file(path, ".claim")
                if not claim.exists():
                    claim.write_text(str(os.getpid()), encoding="utf-8")
                    return path
        return None

    def put(self, path: str, text: str) -> None:
        tmp = self._file(path, ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self._file(path, ".json"))

    def wait(self) -> dict[str, str]:
        """Every page's record, waiting for those another worker is still visiting."""
        deadline = time.monotonic() + _WAIT_SECONDS
        while True:
            missing = [p for p in self.pages if not self._file(p, ".json").exists()]
            if not missing:
                return {p: self._file(p, ".json").read_text(encoding="utf-8")
                        for p in self.pages}
            if time.monotonic() > deadline:
                raise TimeoutError(f"no survey record after {_WAIT_SECONDS} s: {missing}")
            time.sleep(0.2)


@contextmanager
def page_at(browser: Any, width: int) -> Iterator[Any]:
    """A new Swedish page ``width`` pixels wide and 800 high, in its own context (closed after)."""
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()
