"""What an import did: counts by kind and status, files written or kept, and every note.

What a blogger must not miss comes first: items left out because they could
not be read, then what was repaired in the file, then every item kept off the
public site, by kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    source: str
    # ("posts", "published"), ("pages", "draft (scheduled in WordPress)")…
    imported: Counter = field(default_factory=Counter)
    # Items that are not posts or pages, or were left out, by reason.
    skipped: Counter = field(default_factory=Counter)
    # Comments by what became of them: "replies", "mentions", "pending (not approved)"…
    comments: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    # Items whose type or status could not be read: never published.
    unreadable: list[str] = field(default_factory=list)
    # Damage in the file that was repaired to read it (repairs.py).
    repairs: list[str] = field(default_factory=list)
    # Why an item is not on the public site -> the items.
    kept_off: dict[str, list[str]] = field(default_factory=dict)
    sticky: list[str] = field(default_factory=list)
    # Values from the export that would have been written outside their folder.
    refused: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was not overwritten)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def keep_off(self, why: str, name: str) -> None:
        self.kept_off.setdefault(why, []).append(name)

    def lines(self) -> list[str]:
        out = []
        if self.unreadable:
            out.append(f"LEFT OUT, could not be read ({len(self.unreadable)} item(s)):")
            out += [f"  - {item}" for item in self.unreadable]
        if self.repairs:
            out.append(f"Repaired in {self.source} to read it:")
            out += [f"  - {repair}" for repair in self.repairs]
        if self.refused:
            out.append(f"REFUSED ({len(self.refused)}):")
            out += [f"  - {why}" for why in self.refused]
        out.append(f"Imported from {self.source}:")
        for kind in sorted({kind for kind, _ in self.imported}):
            counts = ", ".join(f"{n} {status}" for (k, status), n in sorted(self.imported.items())
                               if k == kind)
            out.append(f"  {kind}: {counts}")
        if self.comments:
            out.append("  comments: " + ", ".join(f"{n} {what}" for what, n in
                                                  sorted(self.comments.items())))
        if self.skipped:
            out.append("  not imported: " + ", ".join(f"{n} {why}" for why, n in
                                                      sorted(self.skipped.items())))
        if self.kept_off:
            out.append("Kept off the public site:")
            for why, names in sorted(self.kept_off.items()):
                out.append(f"  {why} ({len(names)}):")
                out += [f"    - {name}" for name in names]
        if self.sticky:
            out.append("Sticky in WordPress (Pelican has no sticky posts; pin them by hand if "
                       "you wish):")
            out += [f"  - {name}" for name in self.sticky]
        out.append(f"Files: {len(self.written)} written, {len(self.updated)} updated, "
                   f"{len(self.unchanged)} unchanged, {len(self.kept)} kept as they were")
        out += [f"  kept {path}: {why}" for path, why in self.kept]
        if self.notes:
            out.append(f"Notes ({len(self.notes)}):")
            out += [f"  - {note}" for note in self.notes]
        return out
