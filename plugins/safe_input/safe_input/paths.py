"""Paths built from outside values (ids, slugs, names) stay inside their folder."""

from __future__ import annotations

from pathlib import Path


class OutsideFolder(ValueError):
    """A path built from outside values would leave the folder it belongs in."""


def inside(root: Path | str, *parts: str) -> Path:
    """`root/parts…`, resolved; `OutsideFolder` if it is not strictly inside `root`.

    Symbolic links are followed, so a link inside the folder that points out
    of it is refused too.
    """
    base = Path(root).resolve()
    target = base.joinpath(*parts).resolve()
    if target == base or not target.is_relative_to(base):
        shown = "/".join(str(p) for p in parts)
        raise OutsideFolder(f"'{shown}' would be written outside {base}")
    return target
