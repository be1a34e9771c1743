"""The console script's entry point: a Ctrl-C while the command is still importing its libraries (typer,
rich, duckdb: a few hundred milliseconds) is one `error:` line too, never a traceback.

SIGINT is blocked while the CLI imports, and while duckdb's native module (`_duckdb`) sets itself up (a
KeyboardInterrupt inside it aborts the interpreter): that happens when a command first needs duckdb, so
`--help`, `--version` and the commands that never open a database do not pay for its import (~0.1 CPU s).
A held Ctrl-C is delivered right after, where the command's handler turns it into its line."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator, Sequence
from importlib.machinery import ExtensionFileLoader, ModuleSpec, PathFinder
from types import ModuleType
from typing import Any

NATIVE = "_duckdb"


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a held Ctrl-C is raised here


class _HeldLoader(ExtensionFileLoader):
    """Python's own loader for an extension module, run with Ctrl-C held back."""

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        with _ctrl_c_held():
            return super().create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        with _ctrl_c_held():
            super().exec_module(module)


class _HoldWhileNativeLoads:
    """A meta path finder for `_duckdb` only: the spec the path finder gives, loaded by _HeldLoader."""

    @classmethod
    def find_spec(cls, name: str, path: Sequence[str] | None = None, target: Any = None) -> ModuleSpec | None:
        if name != NATIVE:
            return None
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and type(spec.loader) is ExtensionFileLoader:
            spec.loader = _HeldLoader(spec.loader.name, spec.loader.path)
        return spec


def main() -> None:
    """Import the CLI with Ctrl-C held back, then run it; an interrupt before the command's own handler is
    in place exits 130 with one line."""
    if NATIVE not in sys.modules and _HoldWhileNativeLoads not in sys.meta_path:
        sys.meta_path.insert(0, _HoldWhileNativeLoads)  # type: ignore[arg-type]
    try:
        with _ctrl_c_held():
            from linkedin_audit.cli import app
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted (Ctrl-C)\n")
        raise SystemExit(130) from None
    app()


if __name__ == "__main__":
    main()
