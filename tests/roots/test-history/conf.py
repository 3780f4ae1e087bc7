extensions = ["myst_parser", "handbok", "sphinx_reredirects"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
language = "sv"
exclude_patterns = ["_build"]
nitpicky = True
# A page that moved: the old address sends readers to the current strategy.
redirects = {"styrdokument/huddinge-strategi": "../policy/huddinge/strategi.html"}
