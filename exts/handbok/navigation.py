"""Every page shows the navigation: when it changes, every page is written again.

Sphinx rewrites only the pages it re-read (and their toctree parents), so after a policy page
is added, renamed, deleted or retitled, the sidebar of every other page would still show the
old navigation. We keep a fingerprint of the navigation (the toctree structure and the titles
of the pages in it) and, when it changes, ask Sphinx to write all pages again. Nothing is
re-read, and case pages are orphans, so adding or editing a case never changes it.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def fingerprint(env: BuildEnvironment) -> list:
    docs = set(env.toctree_includes) | {d for ds in env.toctree_includes.values() for d in ds}
    docs.add(env.config.root_doc)
    titles = {d: env.titles[d].astext() if d in env.titles else "" for d in docs}
    return sorted((d, titles[d], tuple(env.toctree_includes.get(d, ()))) for d in docs)


def nav_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    new = fingerprint(env)
    old = getattr(env, "handbok_nav", None)
    env.handbok_nav = new
    if old is None or old == new:
        return []
    return sorted(env.found_docs)


def setup_navigation(app: Sphinx) -> None:
    app.connect("env-get-updated", nav_changed)
