"""Print pyproject.toml's runtime dependencies pinned to their lower bounds (`name>=X` -> `name==X`): the
constraints `make test-lowest` installs, so the ranges the package declares are ranges it was tested with."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
for requirement in project["dependencies"]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-\[\]]+)\s*>=\s*([^,;\s]+)\s*", requirement)
    if match is None:
        sys.exit(f"no plain lower bound in {requirement!r}: give it one (name>=X)")
    name = re.sub(r"\[.*\]", "", match[1])
    print(f"{name}=={match[2]}")
