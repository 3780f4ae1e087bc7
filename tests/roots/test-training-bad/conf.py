extensions = ["myst_parser", "sphinx_design", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbok_coverage = False
latex_documents = [("index", "test.tex", "Test", "Test", "manual", True)]
