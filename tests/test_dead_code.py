"""No function, method or class of the extension and the tools without a caller (issue 24).

vulture lists names that nothing in ``exts/`` or the tests uses. The methods Sphinx and
docutils call by name (a domain's ``clear_doc``, a collector's ``merge_other``, a codec's
``_buffer_decode``) are the only ones it may report.
"""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO

#: Called by Sphinx, docutils or Python by name, never by our code.
CALLED_BY_NAME = {"setup", "result_nodes", "clear_doc", "merge_domaindata", "resolve_any_xref",
                  "get_objects", "_buffer_decode", "merge_other", "process_doc",
                  "get_updated_docs", "apply", "run"}


def test_no_function_without_a_caller():
    proc = subprocess.run(
        [sys.executable, "-m", "vulture", "exts", "tests", "--min-confidence", "60",
         "--exclude", "tests/roots,tests/badinput"],
        cwd=REPO, capture_output=True, text=True)
    unused = [line for line in proc.stdout.splitlines()
              if (m := re.search(r"unused (?:function|method|class) '(\w+)'", line))
              and m.group(1) not in CALLED_BY_NAME and line.startswith("exts/")]
    assert proc.returncode in (0, 3), proc.stderr  # 3: vulture found something
    assert unused == []
