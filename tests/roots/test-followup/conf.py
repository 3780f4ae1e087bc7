extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
language = "sv"
project = "Uppföljningstest"
handbok_coverage = False
exclude_patterns = ["_build"]
