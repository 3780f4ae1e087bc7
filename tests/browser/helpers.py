"""Helpers shared by the browser tests."""

from __future__ import annotations

from pathlib import Path

#: axe-core from the npm registry, vendored into the tests (see vendor/README.md).
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def goto_idle(page, url: str):
    """Open a page and wait until the network is idle."""
    return page.goto(url, wait_until="networkidle")


def goto_loaded(page, url: str):
    """Open a page and wait for its load event (scripts and styles are in)."""
    return page.goto(url, wait_until="load")


def run_axe(page, tags=WCAG_TAGS, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core on the open page; return the violations in short form."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
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
    if (!document.getElementById('handbok-test-no-transitions')) {
        const style = document.createElement('style');
        style.id = 'handbok-test-no-transitions';
        style.textContent = '*, *::before, *::after { transition: none !important; }';
        document.head.appendChild(style);
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


def survey(browser, served) -> dict[str, dict]:
    """Visit every page of ``served`` once and take every per-page measurement there.

    Opening each page once for all checks (rather than once per check) keeps the browser
    tests fast; each test then asserts on its own part. Cached on the served site.
    """
    cached = getattr(served, "_survey", None)
    if cached is not None:
        return cached
    ctx = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    results: dict[str, dict] = {}
    current = {"path": ""}
    try:
        page = ctx.new_page()
        page.on("request", lambda req: results[current["path"]]["requests"].append(req.url))
        page.on("console", lambda msg: msg.type == "error"
                and results[current["path"]]["console"].append(msg.text))
        page.on("pageerror", lambda err: results[current["path"]]["console"].append(str(err)))
        for path in served.pages():
            current["path"] = path
            results[path] = {"requests": [], "console": []}
            rec = results[path]
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
            page.set_viewport_size({"width": 320, "height": 640})
            page.wait_for_timeout(50)
            rec["overflow_320"] = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            page.set_viewport_size({"width": 1280, "height": 900})
            # Open the search dialog too: it may load more.
            page.keyboard.press("Control+k")
            page.wait_for_timeout(100)
        page.wait_for_load_state("networkidle")
    finally:
        ctx.close()
    served._survey = results
    return results
