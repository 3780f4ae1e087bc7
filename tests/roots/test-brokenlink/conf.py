extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
language = "sv"
exclude_patterns = ["_build"]
nitpicky = True
