extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
language = "sv"
project = "Uppföljning för två kommuner"
handbok_coverage = False
html_baseurl = "https://intranat.example.se/handbok/"
exclude_patterns = ["_build", "mallar"]
