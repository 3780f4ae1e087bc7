extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
language = "sv"
project = "Jämförelsetest"
handbok_coverage = False
exclude_patterns = ["_build"]
