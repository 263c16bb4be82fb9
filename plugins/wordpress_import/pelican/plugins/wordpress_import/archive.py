"""Write the planned files into content/ safely, and remember what was written.

Everything is first written to a staging folder beside content/; files are
moved into place only after the whole export has been read and converted, so
a bad file leaves content/ untouched.

content/wordpress-import.json (the manifest; commit it with the content)
records the SHA-256 of every file the import wrote. On a re-run each file is:
- written when it is new;
- left alone when it is unchanged, or when the author deleted it;
- refreshed when the export changed it and the author did not touch it
  (its hash is still the recorded one);
- kept when the author edited it since (hash differs), or when it was not
  written by the import at all — unless `force` is given.

Every path is resolved and checked to be inside its folder before anything
is written (safe_input.inside); one that is not is refused and reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from safe_input import OutsideFolder, inside

from .documents import PlannedFile
from .report import ImportReport

MANIFEST = "wordpress-import.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_manifest(content_dir: Path) -> dict[str, str]:
    path = content_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8"))["files"])
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path}: not a manifest the importer can read ({error}); restore it "
                         "from version control, or delete it and re-run with --force") from None


def save_manifest(content_dir: Path, files: dict[str, str], source: str) -> None:
    data = {"about": "Files written by `invoke import-wordpress`, with the SHA-256 of what was "
                     "written: a file whose content differs was edited and is not overwritten.",
            "source": source, "files": dict(sorted(files.items()))}
    text = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
    target = content_dir / MANIFEST
    if not target.exists() or target.read_bytes() != text:
        _replace(target, text)


def _replace(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)


def stage(files: list[PlannedFile], content_dir: Path) -> Path:
    """Write every planned file that belongs inside content/ into a fresh staging folder."""
    staging = Path(tempfile.mkdtemp(prefix=".wordpress-import-", dir=content_dir.parent))
    root = content_dir.resolve()
    for planned in files:
        try:
            planned.target = inside(content_dir, planned.path)
        except OutsideFolder as error:
            planned.refused = str(error)  # reported by commit()
            continue
        staged = staging / planned.target.relative_to(root)
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(planned.text.encode("utf-8"))
    return staging


def commit(files: list[PlannedFile], staging: Path, content_dir: Path, manifest: dict[str, str],
           force: bool, report: ImportReport) -> dict[str, str]:
    """Move staged files into content/ where allowed; return the updated manifest."""
    manifest = dict(manifest)
    root = content_dir.resolve()
    for planned in files:
        if planned.target is None:
            report.refused.append(f"{planned.path}: {planned.refused}; not written")
            continue
        target = planned.target
        staged = staging / target.relative_to(root)
        new = staged.read_bytes()
        recorded = manifest.get(planned.path)
        if target.exists():
            current = target.read_bytes()
            if current == new:
                report.unchanged.append(planned.path)
                manifest[planned.path] = digest(new)
                continue
            if not force and recorded is None:
                report.kept.append((planned.path, "not written by the import (--force replaces it)"))
                continue
            if not force and digest(current) != recorded:
                report.kept.append((planned.path, "edited since the import (--force replaces it)"))
                continue
            report.updated.append(planned.path)
        elif recorded is not None and not force:
            report.kept.append((planned.path, "deleted since the import (--force restores it)"))
            continue
        else:
            report.written.append(planned.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)
        manifest[planned.path] = digest(new)
    return manifest


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
