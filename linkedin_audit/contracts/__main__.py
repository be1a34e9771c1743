"""`python -m linkedin_audit.contracts --write docs/schema.md` (`make schema-docs`): render the schema page
from the contracts; without --write, print it."""

from __future__ import annotations

import sys
from pathlib import Path

from linkedin_audit.contracts.docs import render


def main(argv: list[str]) -> int:
    text = render()
    if argv[:1] == ["--write"] and len(argv) == 2:
        Path(argv[1]).write_text(text, encoding="utf-8")
        return 0
    if argv:
        sys.stderr.write("usage: python -m linkedin_audit.contracts [--write docs/schema.md]\n")
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
