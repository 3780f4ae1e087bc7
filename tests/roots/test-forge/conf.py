# The forge setting (tests/test_forge.py): the test sets handbok_forge and its address.
extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
exclude_patterns = ["_build"]
project = "Förråd"
language = "sv"
html_theme = "sphinx_book_theme"
html_theme_options = {"use_edit_page_button": True, "use_repository_button": False}
handbok_coverage = False
