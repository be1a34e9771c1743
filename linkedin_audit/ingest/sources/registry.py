"""The one registry of source specs: basename -> spec. It refuses two specs with the same name or basename,
so a file can never be claimed twice, and it answers `None` for a file nobody knows (reported, never
silently dropped)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from linkedin_audit.ingest.sources.spec import SourceSpec, norm_basename


class Registry:
    def __init__(self, specs: Iterable[SourceSpec] = ()) -> None:
        self._by_name: dict[str, SourceSpec] = {}
        self._by_basename: dict[str, SourceSpec] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: SourceSpec) -> None:
        if spec.name in self._by_name:
            raise ValueError(f"source {spec.name!r} registered twice")
        for base in spec.basenames:
            key = norm_basename(base)
            if key in self._by_basename:
                other = self._by_basename[key].name
                raise ValueError(f"basename {base!r} claimed by both {other!r} and {spec.name!r}")
        self._by_name[spec.name] = spec
        for base in spec.basenames:
            self._by_basename[norm_basename(base)] = spec

    def match(self, member_path: str) -> SourceSpec | None:
        """The spec for a member file, by basename (docs/export-format.md 1.2), or None when unknown."""
        return self._by_basename.get(norm_basename(member_path))

    def __getitem__(self, name: str) -> SourceSpec:
        return self._by_name[name]

    def __iter__(self) -> Iterator[SourceSpec]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)
