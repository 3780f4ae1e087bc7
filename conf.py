"""Sphinx configuration for Handbok för internationellt arbete.

The source folder is the repository root; everything that is not site content is excluded.
"""

project = "Handbok för internationellt arbete"
author = "Handbokens redaktion"
copyright = "2026, Handbokens redaktion"
language = "sv"
version = "1.0"
release = "1.0"

extensions = [
    "myst_parser",
    "sphinx_design",
    "handbok",
    "sphinx_reredirects",
    "notfound.extension",
]

root_doc = "index"
# The handbook's own domain is the default: {method}, {goal}, {case} and {actor} are its
# citing roles (and `handbok:method` names them in full), not Python's py:method.
primary_domain = "handbok"
source_suffix = {".md": "markdown"}
exclude_patterns = [
    "_build",
    ".venv",
    ".git",
    ".github",
    ".ci",
    "exts",
    "tests",
    "README.md",
    "CONTRIBUTING.md",
    "mallar",
    "**/README.md",
    "Thumbs.db",
    ".DS_Store",
    "ARCHITECTURE.md",
]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# Broken internal links are errors (make html runs with -n -W).
nitpicky = True

# Huddinge's strategy 2016–2020 is still marked gällande: its page, the policy list and the
# editors' overview "Styrdokument att se över" say that its period has ended. The build does
# not stop for it; remove this line when the editors have settled the document's status.
suppress_warnings = ["handbok.policy-expired"]

# --- HTML ------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Handbok för internationellt arbete"
html_search_language = "sv"
html_static_path = ["_static"]
html_css_files = ["handbok.css"]
# Menu and contents drawers on every button (issue 12, upstream pydata-sphinx-theme#2451).
html_js_files = ["handbok-nav.js"]
html_last_updated_fmt = "%Y-%m-%d"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    # The edit button ("Suggest edit") opens the page's source in the repository that
    # handbok_forge and handbok_forge_url name (at the end of this file).
    "use_edit_page_button": True,
    # Only the edit button, so the theme shows it on its own (not in a dropdown behind a
    # GitHub logo); navigation.py gives it back its text "Föreslå en ändring" (issue 12).
    "use_repository_button": False,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "navigation_with_keys": False,
}
# Follow the reader's system setting. Without a default the theme logs a console error
# ("Got invalid theme mode") on a first visit, before anything is stored (issue 12).
html_context = {"default_mode": "auto"}

# --- Redirects for moved pages (sphinx-reredirects) ---------------------------
# When a page moves, add "old/path": "new-page.html" (relative to the old page's folder), so
# bookmarks and links to the old address keep working. See CONTRIBUTING.md.
redirects: dict[str, str] = {}

# --- Readability ---------------------------------------------------------------
# Pages we write ourselves may have LIX 50 at most (a warning, so make html fails above it).
# Adopted policy texts are measured but never warned about. See docs/lasbarhet.md.
handbok_readability_limit = 50
handbok_readability_skip: list[str] = []

# --- PDF (make pdf: LaTeX builder + latexmk) -----------------------------------------------
# XeLaTeX handles å, ä, ö and Unicode punctuation natively. language = "sv" makes Sphinx load
# polyglossia with Swedish (hyphenation patterns, "Kapitel", "Innehåll", dates).
latex_engine = "xelatex"
# Swedish date on the title page: "22 november 2026".
today_fmt = "%-d %B %Y"
# toctree_only=True: the chapters are the pages in the start page's toctree; the start
# page's own web introduction is left out.
latex_documents = [
    ("index", "handbok-internationellt-arbete.tex", project, author, "manual", True),
]
# Plain makeindex is enough: the handbook has no index entries (no xindy needed).
latex_use_xindy = False
latex_domain_indices = False
latex_show_urls = "footnote"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "printindex": "",
    # Swedish typography: no extra space after full stops. Room for the running head.
    "preamble": r"\frenchspacing\setlength{\headheight}{14pt}",
}

# --- Accessibility, favicon and 404 page (issue 7) ---------------------------
# Our own templates: Swedish accessible names and the footer link to the accessibility statement.
templates_path = ["_templates"]
# Swedish names for the theme's interface strings: pydata-sphinx-theme's strings are in
# Sphinx's catalog (locale/sv/LC_MESSAGES/sphinx.po), sphinx-book-theme's header buttons in
# its own catalog "booktheme" (locale/sv/LC_MESSAGES/booktheme.po, registered in setup()).
locale_dirs = ["locale"]
#: The theme catalogs besides Sphinx's own that locale_dirs translate.
theme_catalogs = ["booktheme"]


def _catalogs(app, config):
    """(locale dir, .po file) of the project's catalogs for the build language."""
    from pathlib import Path

    for locale_dir in config.locale_dirs if config.language else ():
        base = Path(app.srcdir, locale_dir)
        for po in sorted((base / config.language / "LC_MESSAGES").glob("*.po")):
            yield base, po


def _register_theme_catalogs(app, config):
    """Compile and register our theme catalogs before the theme registers its own.

    Sphinx compiles only sphinx.po before the build starts, and the first catalog registered
    under a name wins, the later ones are fallbacks. The theme is loaded with the builder,
    after config-inited, so ours come first and the theme's own fill in what we leave out.
    """
    from sphinx.util.i18n import CatalogInfo

    for base, po in _catalogs(app, config):
        if po.stem in theme_catalogs:
            catalog = CatalogInfo(po.parent, po.stem, "utf-8")
            if catalog.is_outdated():
                catalog.write_mo(config.language)
            app.add_message_catalog(po.stem, base)


def _rewrite_pages_when_catalogs_change(app, env):
    """Every page shows the theme's names: when a catalog changes, write every page again."""
    import hashlib

    stamp = [(po.name, hashlib.sha256(po.read_bytes()).hexdigest())
             for _base, po in _catalogs(app, app.config)]
    # No stamp yet: a new environment (every page is written anyway) or one from before.
    old, env.handbok_catalogs = getattr(env, "handbok_catalogs", None), stamp
    return sorted(env.found_docs) if old != stamp else []


def setup(app):
    app.connect("config-inited", _register_theme_catalogs)
    app.connect("env-get-updated", _rewrite_pages_when_catalogs_change)


html_theme_options["search_bar_text"] = "Sök i handboken …"
html_favicon = "_static/favicon.svg"
html_theme_options["footer_content_items"] = [
    "author.html",
    "copyright.html",
    "last-updated.html",
    "extra-footer.html",
    "tillganglighet-footer.html",
]
# The 404 page is served for missing paths at any depth, so its links must be absolute.
# The site is served from the web root; for another path build with
# -D notfound_urls_prefix=/sokvag/ .
notfound_urls_prefix = "/"
notfound_context = {
    "title": "Sidan finns inte",
    "body": (
        "<h1>Sidan finns inte</h1>"
        "<p>Sidan du letar efter finns inte, eller så har den flyttats.</p>"
        "<p>Använd menyn eller sökrutan för att hitta det du letar efter.</p>"
    ),
}

# --- The forge (issue 29) ----------------------------------------------------------------
# Where the handbook's repository is: github, gitlab or forgejo, and its address. The edit
# button, the links to the repository and the issue list follow it. See README.md.
handbok_forge = "github"
handbok_forge_url = "https://github.com/handbok-internationellt-arbete/handbok"
handbok_forge_branch = "main"
