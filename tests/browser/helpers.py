"""Helpers shared by the browser tests."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python

#: axe-core as shipped inside the axe-playwright-python package (no download at run time).
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
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
