# Minimal root for the bad-input corpus: each mistake in tests/badinput/ is copied into bad/.
project = "Felprov"
language = "sv"
extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "basic"
