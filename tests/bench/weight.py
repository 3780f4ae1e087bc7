"""Weight of a first visit: the handbook against a bare sphinx-book-theme page (``make weight``).

In one run: builds a bare sphinx-book-theme page (a minimal conf.py in a temporary folder)
and the handbook (the checkout's sources, output in a temporary folder), serves each on
127.0.0.1, opens one page of each in a fresh Chromium (the system's, through Playwright, no
cache), records every response and prints requests, bytes and gzipped bytes (each response
body compressed with gzip -6, as a web server would send it) for both, and the ratio.

    python tests/bench/weight.py [--page policy/huddinge/strategi.html] [--max-ratio 0.5]

Exits with status 1 when the gzipped ratio is above ``--max-ratio``. Nothing is written into
the checkout.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]

BARE_CONF = """
project = "Bare"
html_theme = "sphinx_book_theme"
"""
BARE_INDEX = """Bare page
=========

A bare sphinx-book-theme page: one heading and one paragraph.
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def sphinx_build(src: Path, out: Path, doctrees: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d",
                           str(doctrees), str(src), str(out)], cwd=src, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        sys.exit(f"sphinx-build {src} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")


def build_bare(tmp: Path) -> Path:
    src = tmp / "bare-src"
    src.mkdir()
    (src / "conf.py").write_text(BARE_CONF, encoding="utf-8")
    (src / "index.rst").write_text(BARE_INDEX, encoding="utf-8")
    sphinx_build(src, tmp / "bare-html", tmp / "bare-doctrees")
    return tmp / "bare-html"


def build_site(tmp: Path) -> Path:
    """The handbook from a copy of the checkout (its git history included, so the policy
    pages show their version history as in ``make html``)."""
    src = tmp / "site-src"
    ignore = shutil.ignore_patterns("_build", ".venv", "node_modules", "__pycache__")
    shutil.copytree(REPO, src, ignore=ignore, symlinks=True)
    sphinx_build(src, tmp / "site-html", tmp / "site-doctrees")
    return tmp / "site-html"


def first_visit(browser, url: str) -> dict:
    """Every response of a first visit (fresh context, so nothing is cached)."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    responses = []
    try:
        page = ctx.new_page()
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="networkidle")
        rows = []
        for response in responses:
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted response has no body
                body = b""
            rows.append({"url": response.url, "status": response.status, "bytes": len(body),
                         "gzip": len(gzip.compress(body, 6)) if body else 0})
    finally:
        ctx.close()
    return {"requests": len(rows), "bytes": sum(r["bytes"] for r in rows),
            "gzip": sum(r["gzip"] for r in rows), "responses": rows}


def kb(n: int) -> str:
    return f"{n / 1000:,.1f} kB".replace(",", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="index.html",
                        help="page of the handbook to open (default: index.html)")
    parser.add_argument("--max-ratio", type=float, default=0.5)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--verbose", action="store_true", help="list every response")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="handbok-weight-") as tmpdir:
        tmp = Path(tmpdir)
        print("Bygger en tom sida med sphinx-book-theme och handboken ...", flush=True)
        roots = {"bare": build_bare(tmp), "site": build_site(tmp)}
        pages = {"bare": "index.html", "site": args.page}
        servers = {name: serve(root) for name, root in roots.items()}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_ARGS)
                try:
                    result = {name: first_visit(browser, f"{servers[name][1]}/{pages[name]}")
                              for name in ("bare", "site")}
                finally:
                    browser.close()
        finally:
            for httpd, _url in servers.values():
                httpd.shutdown()
                httpd.server_close()

    labels = {"bare": "sphinx-book-theme, tom sida", "site": f"handboken, {args.page}"}
    print(f"\n{'Första besöket':<48} {'anrop':>6} {'byte':>12} {'gzip':>12}")
    for name in ("bare", "site"):
        r = result[name]
        print(f"{labels[name]:<48} {r['requests']:>6} {kb(r['bytes']):>12} {kb(r['gzip']):>12}")
        if args.verbose:
            for row in sorted(r["responses"], key=lambda row: -row["bytes"]):
                print(f"    {kb(row['bytes']):>10} {kb(row['gzip']):>10}  {row['url']}")
    ratio = {key: result["site"][key] / result["bare"][key] for key in ("bytes", "gzip")}
    requests = result["site"]["requests"] / result["bare"]["requests"]
    print(f"{'kvot handboken / tom sida':<48} {requests:>6.2f} {ratio['bytes']:>12.2f} "
          f"{ratio['gzip']:>12.2f}")
    if args.json:
        args.json.write_text(json.dumps({**result, "ratio": ratio}, indent=2), encoding="utf-8")
    if ratio["gzip"] > args.max_ratio:
        print(f"\nFör tungt: kvoten (gzip) är {ratio['gzip']:.2f}, målet är högst "
              f"{args.max_ratio}.")
        return 1
    print(f"\nMålet nås: kvoten (gzip) är {ratio['gzip']:.2f}, högst {args.max_ratio}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
