extensions = ["myst_parser", "handbok", "sphinx_reredirects"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
language = "sv"
exclude_patterns = ["_build"]
nitpicky = True
# A page that moved: the old address sends readers to the current strategy.
redirects = {"styrdokument/huddinge-strategi": "../policy/huddinge/strategi.html"}
# A fixed day inside the policy's period (2021–2025), so it never warns that it has ended.
handbok_today = "2025-06-01"
