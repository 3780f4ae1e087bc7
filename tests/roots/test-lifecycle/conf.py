# Policies with a life cycle: one whose period has ended, one due for review later, a
# proposal with an unreadable period. The day is fixed so the derived statuses never change.
project = "Livscykel"
language = "sv"
extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "basic"
handbok_today = "2026-12-02"
handbok_coverage = False
