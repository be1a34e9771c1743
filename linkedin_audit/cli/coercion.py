"""Option values without pydantic. Typer (0.29) coerces every value through a pydantic TypeAdapter it builds
on first use: importing pydantic and building the adapters cost 55-70 ms, a fifth of a short command's CPU.
The values these commands take (text, whole numbers, paths and lists of them) are coerced here as those
adapters coerce them; anything else, and every value they would refuse, goes to typer's own coercion, so
results and error messages stay typer's (tests/test_startup_imports.py pins that pydantic stays out)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path

_UNSURE = object()
_WHOLE = re.compile(r"0|[1-9][0-9]{0,17}")  # what pydantic reads as the same int (it also takes " 1", "1_0")


class QuickParam(RuntimeParam):
    """Typer's RuntimeParam for str, int, Path and list[...] of them; typer's adapter for the rest."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        quick = _quick(self.annotation, self.parameter_info, value, param, ctx)
        if quick is not _UNSURE:
            return quick
        return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


def quicken(param: Any) -> None:
    """Give a typer parameter QuickParam as its coercion (typer builds its own only when none is set)."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or descriptor.file_annotation is not None:
        return
    if getattr(param, "_runtime_param", "absent") is None:  # typer's lazy slot: unset until first use
        param._runtime_param = QuickParam(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
        )


def _quick(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """The value typer's TypeAdapter would return, or _UNSURE."""
    if info.parser is not None:
        return _UNSURE
    if get_origin(annotation) is list:
        if not isinstance(value, (list, tuple)):
            return _UNSURE
        (item_type,) = get_args(annotation)
        items = [_quick(item_type, info, item, param, ctx) for item in value]
        return _UNSURE if any(item is _UNSURE for item in items) else items
    if annotation is str:  # typer's str(value): a `-p NAME VALUE` pair is the text of its tuple
        if isinstance(value, str) or (isinstance(value, tuple) and all(isinstance(v, str) for v in value)):
            return str(value)
        return _UNSURE
    if annotation is int:
        return _whole(value, info)
    if annotation is Path and info.path_type is None:
        if not isinstance(value, (str, Path)):
            return _UNSURE
        try:  # typer's own checks on the Path pydantic would make of the text
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        except BadParameter:  # typer says it again, in its words for the text given
            return _UNSURE
    return _UNSURE


def _whole(value: Any, info: Any) -> Any:
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        number = int(value)
    elif type(value) is int:
        number = value
    else:
        return _UNSURE
    if (
        info.clamp
        or (info.min is not None and number < info.min)
        or (info.max is not None and number > info.max)
    ):
        return _UNSURE
    return number
