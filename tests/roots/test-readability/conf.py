extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
language = "sv"
exclude_patterns = ["_build"]
handbok_readability_skip = ["undantag"]
handbok_readability_limit = 50
