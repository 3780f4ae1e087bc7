# Minimal root for the bad-input corpus: each mistake in tests/badinput/ is copied into bad/.
project = "Felprov"
language = "sv"
extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "basic"
# A fixed day inside the base policy's period (2020–2024), so it never warns that it has ended.
handbok_today = "2024-06-01"
