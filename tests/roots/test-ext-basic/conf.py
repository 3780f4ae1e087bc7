extensions = ["myst_parser", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
project = "Test"
# A fixed day inside the policy's period (2020–2024), so it never warns that it has ended.
handbok_today = "2024-06-01"
