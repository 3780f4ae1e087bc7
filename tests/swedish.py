"""Whether a warning an editor gets is said in Swedish (issue 25: every warning an editor can
cause is Swedish, with the file and the line).

A warning passes when it is located (``file:line: WARNING: …``), is one of the handbook's own
(``[handbok.<subtype>]``: written in Swedish, or a tool's warning rewritten by
``handbok.messages``), and its text, outside what it quotes from the page, has none of the
English words Sphinx's, docutils', MyST's and YAML's messages are made of. What is quoted (an
id, a file name, a field) is the editor's own text, and a technical detail that has no Swedish
yet is marked as such: ``(tekniskt meddelande på engelska: …)``.
"""

from __future__ import annotations

import re

WARNING_LINE_RE = re.compile(r"^(?P<head>.*?)(?:WARNING|ERROR|CRITICAL): (?P<msg>.*)$")
LOCATED_RE = re.compile(r"^[^\s:]+:\d+: $")
TAG_RE = re.compile(r" \[(?P<type>[\w-]+)\.(?P<subtype>[\w-]+)\]$")
#: Words of English messages that Swedish text does not use.
ENGLISH = frozenset("""
    the is are was not must been found unknown invalid choose from expected did does cannot
    file directive error with that this of to and or allowed value argument document reference
    option key missing malformed contains doesn't isn't problems supplied none permitted content
    maximum minimum while scanning could convert literal unexpected end stream line
    """.split())
_QUOTED_RE = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\{[^}]*\}|:[\w-]+:|\S+/\S+|\S+\.md\b")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
_DETAIL_RE = re.compile(r"\(tekniskt meddelande på engelska: .*\)", re.S)


def english_words(message: str) -> list[str]:
    """The English words of ``message`` outside its quotes and its marked technical detail."""
    text = _DETAIL_RE.sub(" ", TAG_RE.sub("", message))
    text = _QUOTED_RE.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z']+", text) if w.lower() in ENGLISH]


def not_swedish(output: str) -> list[str]:
    """Every warning line of a build's output that is not located, not the handbook's or not
    Swedish, with the reason."""
    bad = []
    for line in ANSI_RE.sub("", output).splitlines():
        match = WARNING_LINE_RE.match(line)
        if match is None:
            continue
        msg = match["msg"]
        tag = TAG_RE.search(msg)
        if not LOCATED_RE.match(match["head"]):
            bad.append(f"utan fil och rad: {line}")
        elif tag is None or tag["type"] != "handbok":
            bad.append(f"inte handbokens egen varning: {line}")
        elif english_words(msg):
            bad.append(f"engelska ord {english_words(msg)}: {line}")
    return bad
