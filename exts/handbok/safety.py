"""Nothing an editor writes may inject script: raw HTML and unsafe links become inert text."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .util import safe_uri, warn
from .vocabulary import Subtype


class NeutraliseUnsafeMarkup(SphinxTransform):
    """Replace raw nodes by literal text and drop links with unsafe schemes."""

    default_priority = 200

    def apply(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            warn(
                "Rå HTML eller annan rå kod visas som vanlig text i handboken. "
                "Skriv texten i Markdown i stället.",
                Subtype.RAW,
                raw,
            )
            text = raw.astext()
            if isinstance(raw.parent, nodes.TextElement):
                raw.replace_self(nodes.literal(text, text))
            else:
                raw.replace_self(nodes.literal_block(text, text))
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri")
            if uri is not None and not safe_uri(uri):
                warn(
                    f"Länken {uri!r} är inte tillåten och visas som text. "
                    "Använd en webbadress som börjar med https://.",
                    Subtype.UNSAFE_LINK,
                    ref,
                )
                ref.replace_self(nodes.inline(ref.astext(), ref.astext()))


def setup_safety(app: Sphinx) -> None:
    app.add_transform(NeutraliseUnsafeMarkup)
