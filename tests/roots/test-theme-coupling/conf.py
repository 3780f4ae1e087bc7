# The handbook's extension with the real theme (tests/test_theme_coupling.py). The test adds
# the site's own templates and translations with confoverrides.
extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
project = "Temakoppling"
language = "sv"
html_theme = "sphinx_book_theme"
html_theme_options = {"home_page_in_toc": True, "show_navbar_depth": 1}
