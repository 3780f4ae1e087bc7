"""SVG for the HTML builder, drawn by graphviz-pure instead of a system Graphviz.

graphviz-pure is a port of Graphviz's ``dot`` that pip installs as a self-contained program
(a dependency in pyproject.toml), so ``make html`` draws every diagram on a machine without
Graphviz, and draws the same bytes on every machine whether or not it has a system ``dot``.
The LaTeX builder keeps ``sphinx.ext.graphviz`` and the system ``dot`` (graphviz-pure writes no
PDF).

graphviz-pure measures text with built-in font tables, not with the fonts of the machine. The
DOT code asks for Helvetica, whose table is narrow: where a reader's browser has no Helvetica or
Arial (most Linux desktops draw DejaVu Sans instead), the text overran its boxes. So the HTML
drawing is laid out for Verdana, a wide sans-serif font that Windows and macOS have and that
DejaVu Sans matches closely; a narrower font only leaves more room. Letters outside ASCII
(å, ä, ö) are measured as two spaces each (graphviz-pure warns about it on stderr), which in
Verdana is a little wider than the letter: never too narrow.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
import sysconfig
from functools import cache
from hashlib import sha1
from importlib import metadata
from pathlib import Path

from sphinx.builders import Builder

PROGRAM = "graphviz-pure"
#: The font the layout is measured with (command-line defaults win over the DOT's own
#: ``node [fontname=...]`` lines, but not over a font given on one node or edge).
FONT = "Verdana"
#: What the SVG asks the browser for: Verdana, its Linux look-alike, any sans-serif.
FONT_FAMILY = "Verdana,DejaVu Sans,sans-serif"
ARGS = (f"-Gfontname={FONT}", f"-Nfontname={FONT}", f"-Efontname={FONT}", "-Tsvg")
#: Seconds one drawing may take (the site's take milliseconds).
TIMEOUT = 120


class RenderError(Exception):
    """A drawing could not be made; the message is Swedish, for the build's warning."""


@cache
def program() -> str | None:
    """The graphviz-pure program of this Python's environment, else one on PATH."""
    dirs = [sysconfig.get_path("scripts"), os.path.dirname(sys.executable)]
    try:
        dirs.append(sysconfig.get_path("scripts", f"{os.name}_user"))
    except KeyError:
        pass
    for directory in dirs:
        found = directory and shutil.which(PROGRAM, path=directory)
        if found:
            return found
    return shutil.which(PROGRAM)


@cache
def version() -> str:
    try:
        return metadata.version(PROGRAM)
    except metadata.PackageNotFoundError:
        return "unknown"


def svg(code: str) -> str:
    """The SVG text of a DOT graph."""
    exe = program()
    if exe is None:
        raise RenderError(f"programmet {PROGRAM} saknas. Det installeras med handbokens "
                          "Python-paket: kör make html igen.")
    try:
        proc = subprocess.run([exe, *ARGS], input=code.encode(), capture_output=True,
                              timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"{PROGRAM} kunde inte köras ({exc}).") from exc
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0 or "<svg" not in out:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"{PROGRAM} avslutades med fel {proc.returncode}: {err}")
    return out.replace(f'font-family="{FONT}"', f'font-family="{FONT_FAMILY}"')


def render_svg(builder: Builder, code: str, prefix: str = "handbok") -> tuple[str, Path]:
    """Draw ``code`` into the builder's image folder once; (src for the page, file)."""
    key = "\0".join((code, PROGRAM, version(), *ARGS, FONT_FAMILY))
    fname = f"{prefix}-{sha1(key.encode(), usedforsecurity=False).hexdigest()}.svg"
    outfn = Path(builder.outdir) / builder.imagedir / fname
    if not outfn.is_file():
        text = svg(code)
        outfn.parent.mkdir(parents=True, exist_ok=True)
        tmp = outfn.with_name(f".{fname}.{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(outfn)
    return posixpath.join(builder.imgpath, fname), outfn
