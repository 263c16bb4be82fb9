"""Two clean production builds of the same content are byte-identical.

No build time, random order or path of the build machine may leak into the
output: the builds read content from, and write output to, different folders.
"""

from __future__ import annotations

import difflib

import pytest


def first_difference(a: bytes, b: bytes, name: str) -> str:
    try:
        first, second = a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"{name}: binary files differ from byte {at} ({len(a)} vs {len(b)} bytes)"
    diff = difflib.unified_diff(first, second, f"first/{name}", f"second/{name}", n=1, lineterm="")
    return "\n".join(line[:240] for line in list(diff)[:14])


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(twin_builds):
    first, second = ({p.relative_to(build.output).as_posix(): p for p in build.files()}
                     for build in twin_builds)
    only = sorted(set(first) ^ set(second))
    assert not only, "only one of the builds wrote: " + ", ".join(only[:20])
    differing = [name for name in sorted(first)
                 if first[name].read_bytes() != second[name].read_bytes()]
    assert not differing, (
        f"{len(differing)} of {len(first)} files differ between two builds: "
        + ", ".join(differing[:20]) + "\n\n"
        + "\n\n".join(first_difference(first[n].read_bytes(), second[n].read_bytes(), n)
                      for n in differing[:3]))
