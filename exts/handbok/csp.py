"""A strict Content-Security-Policy that every page passes (issue 25, point 2).

The policy (:data:`POLICY`) allows script, style and images from the site itself only, no
inline script and no eval. The web-server configurations in ``hosting/`` send it as a header;
every page also carries it as a ``<meta http-equiv>`` tag, as defence in depth for a server that
sends nothing.

What the themes and Sphinx write inline is moved into files:

- pydata-sphinx-theme's theme-mode bootstrap (``_templates/layout.html`` drops it, and loads
  ``static/handbok-mode.js`` in its place, so the reader's light or dark choice persists);
- the per-page ``DOCUMENTATION_OPTIONS.… = …;`` scripts become ``data-option-*`` attributes of
  ``static/handbok-csp.js``, which also compiles the catalog's plural rule without
  ``new Function`` and focuses the search page's field;
- any other inline script an extension adds is removed, with a Swedish warning.

Templates that write inline script themselves (the search page) filter it out with
``handbok_without_inline_scripts``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript

from .util import warn
from .vocabulary import Priority, Subtype

#: The policy, as the meta tag, the server configurations and the browser test give it.
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "object-src 'none'; base-uri 'self'")
#: The header adds what a meta tag cannot carry (frame-ancestors is ignored in a meta tag).
HEADER_POLICY = POLICY + "; frame-ancestors 'self'; form-action 'self'"

SCRIPT = "handbok-csp.js"
MODE_SCRIPT = "handbok-mode.js"
STATIC = str(Path(__file__).parent / "static")
#: After documentation_options.js and doctools.js (200), before translations.js (500).
SCRIPT_PRIORITY = 250

#: An option script as pydata-sphinx-theme writes it: ``DOCUMENTATION_OPTIONS.key = value;``.
OPTION = re.compile(r"^\s*DOCUMENTATION_OPTIONS\.([A-Za-z_]\w*)\s*=\s*(.*?);?\s*$", re.S)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\ssrc=)[^>]*>.*?</script\s*>", re.S | re.I)


def without_inline_scripts(html: str) -> str:
    """The HTML with every ``<script>`` element that has no ``src`` removed."""
    return INLINE_SCRIPT.sub("", str(html))


def _literal(text: str) -> object:
    """A JavaScript literal of an option script as a Python value; ValueError otherwise."""
    text = text.strip()
    if text in ("true", "false", "null"):
        return json.loads(text)
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return json.loads(text)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" \
            and text[0] not in text[1:-1] and "\\" not in text:
        return text[1:-1]
    raise ValueError(text)


def _static_dir(app: Sphinx) -> None:
    if app.builder.format == "html" and STATIC not in app.config.html_static_path:
        app.config.html_static_path.append(STATIC)


def move_inline_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: nodes.document | None) -> None:
    """Turn the page's inline scripts into ``data-option-*`` attributes of one file."""
    if app.builder.format != "html":
        return
    scripts = context.get("script_files")
    options: dict[str, object] = {}
    if isinstance(scripts, list):
        for js in list(scripts):
            filename = getattr(js, "filename", js)
            body = getattr(js, "attributes", {}).get("body", "")
            if filename:
                continue
            scripts.remove(js)
            match = OPTION.match(body or "")
            try:
                if not match:
                    raise ValueError(body)
                options[match.group(1)] = _literal(match.group(2))
            except ValueError:
                warn(f"Ett tillägg eller temat lägger in ett skript direkt i sidan "
                     f"({(body or '').strip()[:60]!r}). Det tas bort, eftersom webbplatsens "
                     f"Content-Security-Policy bara tillåter skript från filer. Lägg skriptet "
                     f"i en fil under _static/ och ladda filen i stället.",
                     Subtype.INLINE_SCRIPT, pagename)
    # The page's own name from Sphinx, never the text a theme wrote into a script.
    options["pagename"] = pagename
    attrs = {f"data-option-{key.replace('_', '-')}": json.dumps(value, ensure_ascii=False)
             for key, value in sorted(options.items())}
    # Into the page's own list: an earlier listener may have replaced the builder's list.
    script = _JavaScript(f"_static/{SCRIPT}", priority=SCRIPT_PRIORITY, **attrs)
    if isinstance(scripts, list):
        scripts.append(script)
    else:
        app.add_js_file(SCRIPT, priority=SCRIPT_PRIORITY, **attrs)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}" />\n'
    context["metatags"] = meta + context.get("metatags", "")
    context["handbok_without_inline_scripts"] = without_inline_scripts
    context["handbok_mode_script"] = MODE_SCRIPT


def setup_csp(app: Sphinx) -> None:
    app.connect("builder-inited", _static_dir)
    app.connect("html-page-context", move_inline_scripts, priority=Priority.CSP)
