"""No third-party requests: the pages load nothing from any host but the site's own."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import survey

LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.mark.parametrize("which", ["site", "trainer_site"])
def test_no_page_requests_another_origin(request, browser, which):
    served = request.getfixturevalue(which)
    pages = survey(browser, served)
    seen = [(path, url) for path, rec in pages.items() for url in rec["requests"]]
    assert len(seen) > len(pages)
    foreign = [
        f"{path}: {url}"
        for path, url in seen
        if not url.startswith(served.origin + "/") and urlsplit(url).scheme not in LOCAL_SCHEMES
    ]
    assert not foreign, "requests to other origins:\n" + "\n".join(foreign)


# What a browser loads by itself: src/href of loading elements, CSS url() and @import.
_LOADING_ATTRS = re.compile(
    r"<(?P<tag>script|img|link|iframe|source|video|audio|embed|object|track|input|image|use)\b"
    r"(?P<attrs>[^>]*)>",
    re.I,
)
_ATTR = re.compile(r"""\b(src|href|srcset|data|poster|xlink:href)\s*=\s*["']([^"']*)["']""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']""", re.I)
_JS_URL = re.compile(r"""["'`]((?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^"'`\s]*)["'`]""", re.I)
# A link element that does not load anything (navigation metadata).
_NON_LOADING_REL = {"canonical", "alternate", "author", "license", "help", "search", "index",
                    "next", "prev", "copyright", "top", "up", "first", "last"}
# Known, harmless strings in bundled JavaScript that are not fetched: namespaces, docs links
# in error messages and the like. Checked one by one; a new host makes the test fail.
_JS_ALLOWED = re.compile(
    r"^(https?:)?//(www\.w3\.org/|www\.sphinx-doc\.org/)",
    re.I,
)


def _external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I))


def _scan(root: Path) -> list[str]:
    found = []
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root).as_posix()
        if file.suffix == ".html":
            text = file.read_text(encoding="utf-8")
            for m in _LOADING_ATTRS.finditer(text):
                tag, attrs = m["tag"].lower(), m["attrs"]
                if tag == "link":
                    rel_m = re.search(r"""\brel\s*=\s*["']([^"']*)["']""", attrs, re.I)
                    rels = set((rel_m[1] if rel_m else "").lower().split())
                    if rels and rels <= _NON_LOADING_REL:
                        continue
                for _name, value in _ATTR.findall(attrs):
                    for part in value.split(","):
                        url = part.strip().split(" ")[0]
                        if url and _external(url):
                            found.append(f"{rel}: <{tag}> {url}")
            for m in re.finditer(r"<style[^>]*>(.*?)</style>|style\s*=\s*\"([^\"]*)\"", text, re.S):
                css = m[1] or m[2] or ""
                for a, b in _CSS_URL.findall(css):
                    if _external(a or b):
                        found.append(f"{rel}: inline CSS {a or b}")
        elif file.suffix == ".css":
            for a, b in _CSS_URL.findall(file.read_text(encoding="utf-8", errors="replace")):
                if _external(a or b):
                    found.append(f"{rel}: CSS {a or b}")
        elif file.suffix in {".js", ".mjs"}:
            text = file.read_text(encoding="utf-8", errors="replace")
            for url in _JS_URL.findall(text):
                if not _JS_ALLOWED.match(url):
                    found.append(f"{rel}: JS {url}")
    return found


@pytest.mark.parametrize("which", ["site_html", "site_trainer"])
def test_built_files_reference_no_external_resource(request, which):
    root = request.getfixturevalue(which)
    found = _scan(root)
    assert not found, "external resources in the build:\n" + "\n".join(found)


def test_scanner_finds_external_resources(tmp_path):
    """The scanner itself must be able to fail."""
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://fonts.example.org/x.css">'
        '<link rel="preconnect" href="https://cdn.example.org">'
        '<script src="//cdn.example.org/x.js"></script><img src="https://example.org/i.png">'
        '<a href="https://example.org/">a link is navigation</a>'
        '<link rel="canonical" href="https://example.org/a.html">'
    )
    (tmp_path / "b.css").write_text(
        "@import 'https://example.org/f.css'; a{background:url(//x.org/i)}"
    )
    found = _scan(tmp_path)
    assert len(found) == 6, found
