# The example files are not kept here: tests/test_ext_referens.py extracts them from the
# code blocks of docs/referens.md, so the examples shown to editors are the ones tested.
extensions = ["myst_parser", "sphinx_design", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
project = "Exempel"
# A fixed day, so the snapshots do not change when the example policy's dates pass.
handbok_today = "2026-12-01"
