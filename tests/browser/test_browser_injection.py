"""Untrusted input: script-like payloads in every place an editor can write, file names
included, never become script, never reach another host, never publish a file from outside.

ONE build of a small project with the site's own configuration, templates and theme (so the
sidebar, the edit link and the per-page options are the real ones) and all the payloads,
filter-evasion forms included. A listener on loopback counts every connection while the site
is built and while Chromium reads it: the payloads point at it (``:url:``, images).

Checked on every written page: no element has an ``on…`` attribute or a ``javascript:``,
``vbscript:`` or ``data:`` address from editor input, no inline script carries editor text,
there is no ``<meta http-equiv>`` but the site's own Content-Security-Policy (once, word for
word). Checked in Chromium on a sample of pages: no dialog, no script ran.
"""

from __future__ import annotations

import html.parser
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import copy_site
from handbok.csp import POLICY as SITE_CSP

from .conftest import Site
from .helpers import goto_idle

#: Every payload carries this marker, so a hit is from editor input, not the site's own code.
MARK = "inj"

#: File names an editor might commit: quotes (the inline options script, the edit link's
#: attribute), angle brackets, upper case, å/ä/ö, spaces, an underscore.
BAD_NAMES = [
    "docs/q'-alert(/inj-fn1/)-'.md",
    'docs/x" onfocus="alert(/inj-fn2/)" autofocus=".md',
    "docs/<svg onload=alert(/inj-fn3/)>.md",
    "docs/Fel Mapp/sida.md",
    "docs/översikt_ny.md",
]

INDEX = """\
# Handbok &lt;img src=x onerror=alert(/inj-root/)&gt; &#x3C;svg onload=alert(/inj-root2/)&#x3E;

Startsidan.

```{{toctree}}
:maxdepth: 2

docs/sida
policy/prov
casebook/index
Mer om EU <javascript://%0aalert(/inj-toc1/)>
Blandat <JaVaScRiPt://%0aalert(/inj-toc2/)>
Med mellanslag < javascript://%0aalert(/inj-toc3/)>
VB <vbscript://msgbox(/inj-toc4/)>
Data <data://text/html,<script>alert(/inj-toc5/)</script>>
```
"""

PAGE = """\
---
myst:
  html_meta:
    "http-equiv=refresh": "0; url=http://127.0.0.1:{port}/inj-meta"
    "http-equiv=Content-Security-Policy": "script-src 'unsafe-inline'"
    description: "En vanlig beskrivning inj\\" onload=\\"alert(/inj-meta2/)"
---

# Sidan "><svg onload=alert(/inj-h1/)>

## Rubrik <img src=x onerror=alert(/inj-h2/)> och &#60;script&#62;alert(/inj-h2b/)&#60;/script&#62;

Länkar: [a](javascript:alert(/inj-l1/)), [b](JaVaScRiPt:alert(/inj-l2/)),
[c](jav&#x09;ascript:alert(/inj-l3/)), [d](jav&#9;ascript:alert(/inj-l4/)),
[e](vbscript:msgbox(/inj-l5/)), [f](data:text/html;base64,PHNjcmlwdD5hbGVydCgnaW5qJyk8L3NjcmlwdD4=),
[g](&#106;avascript:alert(/inj-l6/)), [h](%6Aavascript:alert(/inj-l7/)),
<javascript:alert(/inj-l8/)>, <JAVASCRIPT:alert(/inj-l9/)>, [i]( javascript:alert(/inj-l10/)),
[j](java
script:alert(/inj-l11/)) och [k][ref].

[ref]: javascript:alert(/inj-l12/)

Inline HTML: <img src=x onerror="alert(/inj-i1/)"> <svg/onload=alert(/inj-i2/)>
<a href="javascript:alert(/inj-i3/)" onclick="alert(/inj-i4/)">a</a>
<iframe srcdoc="<script>alert(/inj-i5/)</script>"></iframe> <b onmouseover=alert(/inj-i6/)>b</b>
<ScRiPt>alert(/inj-i7/)</sCrIpT>

<div onclick="alert(/inj-b1/)"><script>alert(/inj-b2/)</script></div>

<svg><animate onbegin=alert(/inj-b3/) attributeName=x dur=1s></svg>

<math><mtext><table><mglyph><style><img src=x onerror=alert(/inj-b4/)></style></math>

Bilder: ![x" onerror="alert(/inj-alt/)](http://127.0.0.1:{port}/inj-bild.png)
![extern](//127.0.0.1:{port}/inj-bild2.png) ![data](data:image/svg+xml,<svg onload=alert(/inj-d/)>)
![utanför](../../../../../etc/hosts)

```{{image}} http://127.0.0.1:{port}/inj-bild3.png
:alt: x" onerror="alert(/inj-alt2/)
```

```{{figure}} javascript:alert(/inj-fig/)
Bildtext <img src=x onerror=alert(/inj-fig2/)>
```

```{{raw}} html
<script>alert(/inj-raw/)</script><img src=x onerror=alert(/inj-raw2/)>
```

```{{raw}} html
:url: http://127.0.0.1:{port}/inj-raw.html
```

```{{csv-table}} Tabell
:url: http://127.0.0.1:{port}/inj.csv
```

```{{csv-table}} Tabell från fil utanför
:file: ../../../../../etc/passwd
```

```{{csv-table}} Tabell "><img src=x onerror=alert(/inj-cap/)>
:header: <img src=x onerror=alert(/inj-th/)>, b

"<script>alert(/inj-td/)</script>", "javascript:alert(/inj-td2/)"
```

```{{literalinclude}} ../../../../../etc/passwd
```

```{{include}} ../../../../../etc/hostname
```

```{{include}} ../../../../../../../../../../dev/zero
```

```{{digraph}} g
a [URL="javascript:alert(/inj-gv/)", image="../../../../../etc/hosts"]; a -> b
```

{{download}}`hämta <../../../../../etc/passwd>` {{download}}`skript <javascript:alert(/inj-dl/)>`

```{{eval-rst}}
.. raw:: html

   <script>alert(/inj-rst1/)</script>

.. raw:: html
   :file: ../../../../../etc/passwd

.. role:: r(raw)
   :format: html

:r:`<img src=x onerror=alert(/inj-rst2/)>` `rst-länk <JavaScript:alert(/inj-rst3/)>`_

.. image:: javascript:alert(/inj-rst4/)

.. include:: ../../../../../etc/hostname

.. include:: ../../../../../../../../../../dev/zero

.. meta::
   :http-equiv=refresh: 0; url=http://127.0.0.1:{port}/inj-rst-meta
```

```{{button-link}} javascript:alert(/inj-sd1/)
Knapp
```

::::{{grid}} 2
:::{{grid-item-card}} Kort
:link: javascript:alert(/inj-sd2/)
:img-top: http://127.0.0.1:{port}/inj-kort.png
Text.
:::
::::

:Fält "><img src=x onerror=alert(/inj-fl/)>: värde <svg onload=alert(/inj-fv/)>

Term <img src=x onerror=alert(/inj-dt/)>
: Definition <script>alert(/inj-dd/)</script>

(etikett-inj)=
### Etikett

Se [etiketten](#etikett-inj) och [[x]](<javascript:alert(/inj-l13/)>).
"""

POLICY = """\
---
policy: injkommun
municipality: <script>alert(/inj-p1/)</script> kommun
kind: policy
valid: <img src=x onerror="alert(/inj-p2/)">
decided-by: <svg onload="alert(/inj-p3/)">
owner: "\\"><img src=x onerror=alert(/inj-p4/)>"
adopted:
diarienummer: javascript:alert(/inj-p5/)
version: "1.0"
status: gällande
---

# Policy <img src=x onerror="alert(/inj-p6/)">

:::{{actor}} styrelsen
:label: <img src=x onerror="alert(/inj-p7/)">
:::

:::{{goal}} injkommun-mal-1
:label: Mål "><script>alert(/inj-p8/)</script>
Ett mål.
:::

:::{{method}} injkommun-metod-1
:label: <script>alert(/inj-p9/)</script>
Kommunen ska {{duty}}`<img src=x onerror="alert(/inj-p10/)"> <styrelsen:ansvarar>`.
:::

:::{{responsibility-matrix}}
:::
"""

#: A page that turns on MyST's substitutions for itself: Jinja2 would run Python while
#: building, here a request to the listener.
JINJA = """\
---
orphan: true
myst:
  enable_extensions: [substitution, html_image]
  url_schemes: [http, https, javascript]
substitutions:
  namn: "<img src=x onerror=alert(/inj-sub/)>"
---

# Ersättningar

{{{{ namn }}}} och {{{{ {jinja} }}}}

<img src="http://127.0.0.1:{port}/inj-html-image.png" onerror="alert(/inj-hi/)">
"""

JINJA_CALL = ("env.app.__class__.__init__.__globals__['__builtins__']['__import__']"
              "('urllib.request').request.urlopen('http://127.0.0.1:{port}/inj-jinja')")

CASEBOOK = """\
# Exempel

:::{{case-table}}
:group-by: type
:::

```{{toctree}}
:glob:

studiebesok/*
```
"""

CASE = """\
---
orphan: true
---

# Fall "><img src=x onerror=alert(/inj-c1/)>

:::{{case}} inj-fall
:type: studiebesök
:unit: <script>alert(/inj-c2/)</script>
:period: 2020
:partner: <img src=x onerror="alert(/inj-c3/)"> (påhittad)
:country: javascript:alert(/inj-c4/)
:funding: <svg onload="alert(/inj-c5/)">
:methods: injkommun-metod-1
:goals: injkommun-mal-1
:effect: <a href="javascript:alert(/inj-c6/)">klicka</a>
:illustrative:

Text med <script>alert(/inj-c7/)</script> och [länk](javascript:alert(/inj-c8/)).
:::
"""

#: Attributes that load or run an address.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc",
                  "poster", "background", "srcset"}
UNSAFE_URL = re.compile(r"^(?:javascript|vbscript|data):", re.I)


class _Listener:
    """A TCP listener on loopback that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    self.hits.append(conn.recv(200))
                except OSError:
                    self.hits.append(b"")
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


def _write_project(dest: Path, port: int) -> Path:
    copy_site(dest, parts=("conf.py", "_static", "_templates", "locale"))
    files = {
        "index.md": INDEX,
        "docs/sida.md": PAGE,
        "docs/ersattning.md": JINJA,
        "policy/prov.md": POLICY,
        "casebook/index.md": CASEBOOK,
        "casebook/studiebesok/prov-fall.md": CASE,
    }
    for name, text in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(port=port, jinja=JINJA_CALL.format(port=port)),
                        encoding="utf-8")
    for name in BAD_NAMES:
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Sidan {MARK} <img src=x onerror=alert(/inj-fntitle/)>\n",
                        encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """The project built once with every payload; the listener stays up for the browser."""
    listener = _Listener()
    root = tmp_path_factory.mktemp("injection")
    src = _write_project(root / "src", listener.port)
    out = root / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(root / "doctrees"),
         str(src), str(out)], capture_output=True, text=True, cwd=src)
    build_hits = list(listener.hits)
    served = Site(out)
    yield {"proc": proc, "out": out, "src": src, "build_hits": build_hits,
           "listener": listener, "site": served,
           "warnings": proc.stderr.replace(f"{src}/", "")}
    served.close()
    listener.close()


def test_the_build_finishes_without_a_traceback(injected):
    proc = injected["proc"]
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    assert "Traceback" not in proc.stderr and "Exception occurred" not in proc.stderr


def test_nothing_is_fetched_while_building(injected):
    assert injected["build_hits"] == []
    assert "inj-raw.html" in injected["warnings"] and "[handbok.network]" in injected["warnings"]


class _Tags(html.parser.HTMLParser):
    """Every start tag with its (unescaped) attributes, and the text of inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        self.tags.append((tag, attrs))
        self._in_script = tag == "script" and not dict(attrs).get("src")
        if self._in_script:
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_no_editor_text_becomes_markup_on_any_page(injected):
    out = injected["out"]
    pages = _pages(out)
    assert len(pages) >= 5
    problems = []
    for page in pages:
        parser = _Tags()
        parser.feed(page.read_text(encoding="utf-8"))
        name = page.relative_to(out).as_posix()
        own_csp = [("http-equiv", "Content-Security-Policy"), ("content", SITE_CSP)]
        own = sum(attrs == own_csp for tag, attrs in parser.tags if tag == "meta")
        if own != (0 if name.startswith("_static/") else 1):
            problems.append(f"{name}: not exactly one of the site's own CSP meta tags")
        for tag, attrs in parser.tags:
            for attr, value in attrs:
                plain = "".join(ch for ch in value if ch > " ")
                if attr.startswith("on"):
                    problems.append(f"{name}: <{tag} {attr}={value[:60]!r}>")
                if attr in URL_ATTRIBUTES and UNSAFE_URL.match(plain):
                    problems.append(f"{name}: <{tag} {attr}={value[:60]!r}>")
            if tag == "meta" and any(attr == "http-equiv" for attr, _ in attrs) \
                    and attrs != own_csp:
                problems.append(f"{name}: <meta {attrs}>")
            if tag in ("iframe", "object", "embed", "svg", "math", "base", "frame"):
                problems.append(f"{name}: <{tag}>")
        for script in parser.scripts:
            if MARK in script or "alert(" in script:
                problems.append(f"{name}: inline script {script.strip()[:80]!r}")
    assert problems == []


def test_payloads_are_shown_as_text(injected):
    out = injected["out"]
    index = (out / "index.html").read_text(encoding="utf-8")
    # The start page's title in every page's sidebar: escaped, visible as text.
    assert "&lt;img src=x onerror=alert(" in index
    # Unsafe toctree entries are not in the sidebar (nor anywhere else), each warned once.
    assert "Mer om EU" not in index and "Blandat" not in index
    for n in range(1, 5):
        assert injected["warnings"].count(f"inj-toc{n}/") == 1, n
    page = (out / "docs" / "sida.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in page
    assert "root:" not in page  # nothing of /etc/passwd
    assert not (out / "_downloads").exists() or not any((out / "_downloads").rglob("passwd"))
    assert not (out / "_images").exists() or not any((out / "_images").iterdir())


def test_files_with_unsafe_names_are_left_out_with_a_warning(injected):
    out, warnings = injected["out"], injected["warnings"]
    written = {p.relative_to(out).as_posix() for p in _pages(out)}
    assert not any("alert" in name or "Fel Mapp" in name or "översikt" in name
                   for name in written), written
    assert warnings.count("[handbok.bad-filename]") == len(BAD_NAMES), warnings
    for name in BAD_NAMES:
        assert f"{name}:1: WARNING: " in warnings, name


def test_every_class_of_payload_is_warned_in_swedish_with_file_and_line(injected):
    warnings = injected["warnings"]
    for subtype in ("unsafe-link", "raw", "remote-image", "outside-repository", "network",
                    "html-meta", "bad-filename", "page-settings"):
        assert re.search(r"^\S+:\d+: WARNING: .*\[handbok\." + subtype + r"\]$", warnings,
                         re.M), subtype
    # The five unsafe toctree entries: each named once, at the start page.
    assert warnings.count("index.md:") >= 4
    assert "[toc." not in warnings, warnings
    english = [line for line in warnings.splitlines() if "WARNING" in line
               and "[handbok." not in line]
    assert english == [], english


SAMPLE = ["index.html", "docs/sida.html", "docs/ersattning.html", "policy/prov.html",
          "casebook/index.html", "casebook/studiebesok/prov-fall.html", "search.html?q=inj"]


@pytest.mark.parametrize("path", SAMPLE)
def test_no_dialog_and_no_request_elsewhere_in_chromium(injected, wide_page, path):
    """At a phone's and a desktop's width (one shared page per width, ``wide_page``)."""
    served, listener = injected["site"], injected["listener"]
    before = len(listener.hits)
    page = wide_page
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    try:
        goto_idle(page, served.url(path))
        # Focus and hover every visible link and button: an onfocus/onmouseover would run now.
        for element in page.locator("a:visible, button:visible").all()[:60]:
            element.focus()
            element.dispatch_event("mouseover")
        page.wait_for_timeout(300)
    finally:
        page.remove_listener("dialog", dismiss)
    assert dialogs == []
    assert len(listener.hits) == before, listener.hits[before:]


def test_the_book_prints_with_the_payloads_as_text(injected, tmp_path):
    """``html_meta`` with ``http-equiv`` once sent the printing's Chromium to another address
    and the printing stopped with a traceback; the book prints and shows the payloads as text."""
    proc = subprocess.run(
        [sys.executable, "-m", "handbok_cli.printpdf", "book", "--html", str(injected["out"]),
         "--out", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    pdf = tmp_path / "handbok-internationellt-arbete.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "alert(/inj-h2/)" in text
    assert injected["listener"].hits == []
