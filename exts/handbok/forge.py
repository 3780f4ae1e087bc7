"""The forge that keeps the handbook's repository: GitHub, GitLab or Forgejo (issue 29).

One setting names it (``handbok_forge``, with ``handbok_forge_url`` and
``handbok_forge_branch``). Everything that points readers at the repository follows it:

- the edit button ("Föreslå en ändring") opens the page's source in the forge's web editor;
- the roles ``{forge-file}`CONTRIBUTING.md``` and ``{forge-issues}`text``` link a file of the
  repository and the issue list, with the forge's name in the link text when none is given
  ("CONTRIBUTING.md på GitLab");
- ``{forge}`namn``` and ``{forge}`förslag``` write the forge's name and what it calls a
  proposed change;
- the page context has ``handbok_forge`` for templates.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxRole

from .util import warn
from .vocabulary import Priority, Subtype

#: The address when the setting cannot be used (the setting's default).
DEFAULT_URL = "https://github.com/handbok-internationellt-arbete/handbok"
#: The book theme's label of its edit button.
EDIT_BUTTON = "source-edit-button"


class ForgeKind(NamedTuple):
    name: str
    label: str
    #: What the forge calls a proposed change.
    change: str
    #: Paths after the repository's address; {branch} and {path} are filled in.
    edit: str
    blob: str
    issues: str
    new_issue: str
    #: The web editor's page for a new file, with its content: {filename} and {value} are
    #: filled in by the page's script (Rapportera en aktivitet).
    new_file: str


FORGES: dict[str, ForgeKind] = {
    "github": ForgeKind("github", "GitHub", "pull request", "edit/{branch}/{path}",
                        "blob/{branch}/{path}", "issues", "issues/new",
                        "new/{branch}?filename={{filename}}&value={{value}}"),
    "gitlab": ForgeKind("gitlab", "GitLab", "merge request", "-/edit/{branch}/{path}",
                        "-/blob/{branch}/{path}", "-/issues", "-/issues/new",
                        "-/new/{branch}?file_name={{filename}}&content={{value}}"),
    "forgejo": ForgeKind("forgejo", "Forgejo", "pull request", "_edit/{branch}/{path}",
                         "src/branch/{branch}/{path}", "issues", "issues/new",
                         "_new/{branch}/?filename={{filename}}&value={{value}}"),
}


class Forge(NamedTuple):
    kind: ForgeKind
    url: str
    branch: str

    def _at(self, template: str, path: str = "") -> str:
        return f"{self.url}/" + template.format(branch=quote(self.branch, safe=""),
                                                path=quote(path.lstrip("/")))

    def edit_url(self, path: str) -> str:
        return self._at(self.kind.edit, path)

    def file_url(self, path: str) -> str:
        return self._at(self.kind.blob, path)

    def issues_url(self) -> str:
        return self._at(self.kind.issues)

    def new_issue_url(self) -> str:
        return self._at(self.kind.new_issue)

    def new_file_url(self) -> str:
        """The new-file page, with ``{filename}`` and ``{value}`` left for the script."""
        return self._at(self.kind.new_file)


def forge_of(config: Config) -> Forge:
    kind = FORGES.get(str(config.handbok_forge).strip().lower(), FORGES["github"])
    return Forge(kind, str(config.handbok_forge_url).strip().rstrip("/"),
                 str(config.handbok_forge_branch).strip() or "main")


def _check(app: Sphinx, config: Config) -> None:
    name = str(config.handbok_forge).strip().lower()
    if name not in FORGES:
        warn(f"Inställningen handbok_forge har värdet {config.handbok_forge!r}. Den ska vara "
             f"{', '.join(FORGES)}. github används.", Subtype.CONFIG, None)
        config.handbok_forge = "github"
    url = urlsplit(str(config.handbok_forge_url).strip())
    if url.scheme != "https" or not url.netloc or url.path.strip("/").count("/") < 1:
        warn(f"Inställningen handbok_forge_url ({config.handbok_forge_url!r}) ska vara "
             f"adressen till förrådet, som https://gitlab.kommun.se/grupp/handbok. "
             f"Standardvärdet används.", Subtype.CONFIG, None)
        config.handbok_forge_url = DEFAULT_URL
    if config.html_theme != "sphinx_book_theme":
        return
    # The book theme's own repository options, for its edit button.
    options = config.html_theme_options
    forge = forge_of(config)
    options["repository_url"] = forge.url
    options["repository_branch"] = forge.branch
    # The theme knows github and gitlab; a Forgejo address gets its edit link below.
    options["repository_provider"] = "gitlab" if forge.kind.name == "gitlab" else "github"


def _source_path(app: Sphinx, pagename: str) -> str | None:
    """The page's source file, relative to the repository, or None for a generated page."""
    if pagename not in app.env.all_docs:
        return None
    return app.env.doc2path(pagename, base=False).as_posix()


def edit_url_function(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: nodes.document | None) -> None:
    """The theme's ``get_edit_provider_and_url``, answered from the forge setting.

    pydata-sphinx-theme's own function compiles a Jinja template from the repository options
    every time the book theme's header buttons ask for a page's edit link: two milliseconds of
    every page written (issue 30), for a link :func:`edit_button` then replaces anyway.
    """
    forge = forge_of(app.config)
    source = _source_path(app, pagename)
    if source is None:
        return  # no source file: the theme's function and its own error stay

    def get_edit_provider_and_url() -> tuple[str, str]:
        # The provider names of the theme's repository options (see _check).
        return ("GitLab" if forge.kind.name == "gitlab" else "GitHub"), forge.edit_url(source)

    context["get_edit_provider_and_url"] = get_edit_provider_and_url


def edit_button(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:
    """The edit button opens the page's source in the forge's own editor."""
    forge = forge_of(app.config)
    context["handbok_forge"] = forge
    source = _source_path(app, pagename)
    for button in context.get("header_buttons", []):
        if button.get("label") == EDIT_BUTTON and source is not None:
            button["url"] = forge.edit_url(source)


class ForgeFileRole(SphinxRole):
    """``{forge-file}`CONTRIBUTING.md``` or ``{forge-file}`guiden <CONTRIBUTING.md>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        forge = forge_of(self.config)
        text, path = _title_target(self.text)
        label = text or f"{path} på {forge.kind.label}"
        return [nodes.reference(self.rawtext, label, refuri=forge.file_url(path))], []


class ForgeIssuesRole(SphinxRole):
    """``{forge-issues}`handbokens ärendelista``` (``new`` as the target: a new issue)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        forge = forge_of(self.config)
        text, target = _title_target(self.text)
        url = forge.new_issue_url() if target == "new" else forge.issues_url()
        label = text or f"ärendelistan på {forge.kind.label}"
        return [nodes.reference(self.rawtext, label, refuri=url)], []


class ForgeWordRole(SphinxRole):
    """``{forge}`namn``` gives the forge's name (GitHub, GitLab, Forgejo); ``{forge}`förslag```
    what it calls a proposed change (pull request, merge request)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        forge = forge_of(self.config)
        words = {"namn": forge.kind.label, "förslag": forge.kind.change}
        key = self.text.strip()
        if key not in words:
            warn(f"Rollen forge känner inte till {key!r}. Skriv {{forge}}`namn` eller "
                 f"{{forge}}`förslag`.", Subtype.BAD_OPTION, self.get_location())
            return [nodes.Text(key)], []
        return [nodes.Text(words[key])], []


def _title_target(text: str) -> tuple[str, str]:
    text = text.strip()
    if text.endswith(">") and " <" in text:
        title, _, target = text[:-1].rpartition(" <")
        return title.strip(), target.strip()
    return ("", text) if "/" in text or "." in text or text == "new" else (text, "")


def setup_forge(app: Sphinx) -> None:
    app.connect("config-inited", _check, priority=Priority.FORGE)
    app.connect("html-page-context", edit_url_function, priority=Priority.EDIT_URL)
    app.connect("html-page-context", edit_button, priority=Priority.EDIT_BUTTON)
    app.add_role("forge", ForgeWordRole())
    app.add_role("forge-file", ForgeFileRole())
    app.add_role("forge-issues", ForgeIssuesRole())
