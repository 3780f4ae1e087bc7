"""A directive's fields after a blank or stray line are still fields (issue 25).

MyST reads a directive's fields (``:key: value`` lines right after the opening line) and stops
at the first line that is not a field: the fields after a blank line, or after a line the
editor left there, would become body text without a word (a blank line before
``:illustrative:`` would make an invented case count as carried out). :class:`FieldBlock` reads
them as fields and says where the block was broken. The per-line checks of every directive's
fields (tabs, invisible characters, a field written twice) are in :mod:`.fields`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .util import warn
from .vocabulary import Subtype

#: One line of a directive's field list: ``:key: value``.
FIELD_LINE_RE = re.compile(r"^\s*:(?P<key>[A-Za-z][\w-]*):(?:\s+(?P<value>.*))?\s*$")



class FieldBlock(SphinxDirective):
    """A directive whose fields after a blank or stray line are still read as fields."""

    #: Non-field lines (blank or not) allowed between two fields of one block.
    MAX_GAP = 3

    def recover_fields(self) -> None:
        """Read the known fields that MyST left at the top of the body, with a warning at the
        line where the field block was broken."""
        lines = list(self.content)
        # docutils gives a converter None for an empty value (its stubs say str only).
        spec = cast(dict[str, Callable[[str | None], object]], self.option_spec or {})
        end, last_field = 0, -1
        gap = 0
        for n, line in enumerate(lines):
            match = FIELD_LINE_RE.match(line)
            if match and match["key"] in spec:
                last_field, gap = n, 0
                continue
            gap += 1
            if gap > self.MAX_GAP:
                break
        end = last_field + 1
        if end <= 0:
            return
        # Where content[0] is in the source: MyST's option block is the run of lines that start
        # with ':' after the opening line, and it drops one blank line after it.
        block = self.block_text.split("\n")[1:]
        n_opt = 0
        while n_opt < len(block) and block[n_opt].lstrip().startswith(":") \
                and not block[n_opt].lstrip().startswith(":::"):
            n_opt += 1
        blank_removed = n_opt < len(block) and not block[n_opt].strip()
        body_first = self.lineno + 1 + n_opt + (1 if blank_removed else 0)
        prev_key = next(reversed(self.options), "") if self.options else ""
        prev_blank = blank_removed
        if blank_removed:
            first = FIELD_LINE_RE.match(lines[0])
            if first and first["key"] in spec:
                warn("Fältlistan har en tom rad. Fälten efter den skulle ha blivit vanlig "
                     "text, men de har lästs som fält. Ta bort den tomma raden så att alla "
                     "fält står direkt under varandra.", Subtype.FIELD_BLOCK,
                     (self.env.docname, body_first - 1))
        strays: list[str] = []
        for n, line in enumerate(lines[:end]):
            lineno = body_first + n
            match = FIELD_LINE_RE.match(line)
            if match and match["key"] in spec:
                key, value = match["key"], (match["value"] or "").strip()
                try:
                    self.options[key] = spec[key](value or None)
                except (ValueError, TypeError):
                    self.options[key] = value
                self.recovered_lines[key] = lineno
                prev_key, prev_blank = key, False
            elif not line.strip():
                if not prev_blank:
                    warn("Fältlistan har en tom rad. Fälten efter den skulle ha blivit vanlig "
                         "text, men de har lästs som fält. Ta bort den tomma raden så att alla "
                         "fält står direkt under varandra.", Subtype.FIELD_BLOCK,
                         (self.env.docname, lineno))
                prev_blank = True
            else:
                if prev_key and not prev_blank and isinstance(self.options.get(prev_key), str):
                    self.options[prev_key] = f"{self.options[prev_key]} {line.strip()}"
                    warn(f"Fältet ':{prev_key}:' fortsätter på en ny rad. Då slutar "
                         "fältlistan, och fälten efter skulle ha blivit vanlig text. Texten har "
                         f"lästs som en del av ':{prev_key}:', men skriv hela fältet på en enda "
                         "rad så att sidan blir rätt.", Subtype.BROKEN_FIELD,
                         (self.env.docname, lineno))
                else:
                    strays.append(line)
                    warn(f"Raden '{line.strip()[:60]}' står mitt bland fälten men är inget "
                         "fält. Den visas som text i början av brödtexten. Skriv den som ett "
                         "fält (':namn: värde') eller flytta den under fälten.",
                         Subtype.FIELD_BLOCK, (self.env.docname, lineno))
                prev_blank = False
        rest = self.content[end:]
        self.content = rest
        self.content_offset += end
        if strays:
            self.content = StringList(strays, source=self.content.source(0) if rest else None) \
                + rest

    @property
    def recovered_lines(self) -> dict[str, int]:
        if not hasattr(self, "_recovered_lines"):
            self._recovered_lines: dict[str, int] = {}
        return self._recovered_lines
