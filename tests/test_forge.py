"""Any forge (issue 29): one setting names GitHub, GitLab or Forgejo and its address; the
edit button, the forge roles and the contributing page follow it."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-forge"

CASES = {
    "github": ("https://github.com/kommun/handbok", "GitHub", "pull request",
               "https://github.com/kommun/handbok/edit/main/kapitel/sida.md",
               "https://github.com/kommun/handbok/blob/main/CONTRIBUTING.md",
               "https://github.com/kommun/handbok/issues"),
    "gitlab": ("https://gitlab.kommun.se/kommunikation/handbok", "GitLab", "merge request",
               "https://gitlab.kommun.se/kommunikation/handbok/-/edit/main/kapitel/sida.md",
               "https://gitlab.kommun.se/kommunikation/handbok/-/blob/main/CONTRIBUTING.md",
               "https://gitlab.kommun.se/kommunikation/handbok/-/issues"),
    "forgejo": ("https://kod.kommun.se/it/handbok", "Forgejo", "pull request",
                "https://kod.kommun.se/it/handbok/_edit/main/kapitel/sida.md",
                "https://kod.kommun.se/it/handbok/src/branch/main/CONTRIBUTING.md",
                "https://kod.kommun.se/it/handbok/issues"),
}


def build(dest: Path, **overrides) -> SphinxTestApp:
    src = dest / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("html", srcdir=src, builddir=dest / "build", status=StringIO(),
                        warning=StringIO(), freshenv=True, confoverrides=overrides)
    app.build()
    return app


@pytest.fixture(scope="module", params=sorted(CASES))
def forge_build(request, tmp_path_factory):
    name = request.param
    url = CASES[name][0]
    app = build(tmp_path_factory.mktemp(name), handbok_forge=name, handbok_forge_url=url)
    yield name, app
    app.cleanup()


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8"),
                         "html.parser")


def test_edit_button_opens_the_forges_editor(forge_build):
    name, app = forge_build
    edit = CASES[name][3]
    links = [a for a in page(app, "kapitel/sida").select("a[href]") if "edit" in a["href"]]
    assert [a["href"] for a in links] == [edit]
    # The theme's edit button (the real site's catalog names it "Föreslå en ändring").
    assert "btn-source-edit-button" in links[0]["class"]


def test_roles_name_the_forge_and_link_it(forge_build):
    name, app = forge_build
    url, label, change, _, blob, issues = CASES[name]
    text = page(app, "index").select_one("article").get_text(" ", strip=True)
    assert f"Du föreslår ändringar på {label}, som {change}." in text
    hrefs = {a.get_text(strip=True): a["href"] for a in page(app, "index").select("article a")}
    assert hrefs[f"CONTRIBUTING.md på {label}"] == blob
    assert hrefs["mallen"] == blob.replace("CONTRIBUTING.md", "mallar/exempel.md")
    assert hrefs["ärendelistan"] == issues
    assert hrefs["ett nytt ärende"] == issues + "/new"
    for other in set(CASES) - {name}:
        assert CASES[other][0] not in str(page(app, "index"))


def test_unknown_word_and_unknown_forge_warn_in_swedish(tmp_path):
    app = build(tmp_path, handbok_forge="bitbucket", handbok_forge_url="gitlab.se/handbok")
    warnings = app.warning.getvalue()
    assert "handbok_forge har värdet 'bitbucket'" in warnings
    assert "handbok_forge_url ('gitlab.se/handbok') ska vara adressen" in warnings
    assert "sida.md:5" in warnings and "Rollen forge känner inte till 'adress'" in warnings
    assert "Traceback" not in warnings
    app.cleanup()


def test_the_site_and_the_contributing_guide_follow_the_setting():
    repo = Path(__file__).resolve().parent.parent
    conf = (repo / "conf.py").read_text(encoding="utf-8")
    assert "handbok_forge = " in conf and "repository_url" not in conf
    guide = (repo / "docs" / "bidra.md").read_text(encoding="utf-8")
    assert "github.com" not in guide and "{forge}`namn`" in guide


def test_the_theme_asks_the_forge_for_the_edit_url(forge_build):
    """The theme's edit-link function is the forge's (issue 30: the theme's own compiles a
    template for every page): set after the theme sets its own and before the book theme's
    header buttons call it, in the order Sphinx runs the listeners."""
    name, app = forge_build
    listeners = sorted(app.events.listeners["html-page-context"],
                       key=lambda listener: listener.priority)
    names = [getattr(listener.handler, "__name__", "") for listener in listeners]
    ours = names.index("edit_url_function")
    assert names.index("setup_edit_url") < ours < names.index("add_source_buttons")
    assert ours < names.index("add_header_buttons")
    # Every page with a source gets the forge's editor from the function the buttons call.
    seen: list[tuple[str, str]] = []

    def ask(app, pagename, templatename, context, doctree):
        if pagename == "kapitel/sida":
            seen.append(context["get_edit_provider_and_url"]())

    app.connect("html-page-context", ask, priority=502)
    app.build(force_all=True)
    provider = "GitLab" if name == "gitlab" else "GitHub"
    assert seen == [(provider, CASES[name][3])]
