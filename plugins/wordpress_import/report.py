"""What an import did: counts by kind and status, files written or kept, and every note."""

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
    written: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was not overwritten)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def lines(self) -> list[str]:
        out = [f"Imported from {self.source}:"]
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
        out.append(f"Files: {len(self.written)} written, {len(self.updated)} updated, "
                   f"{len(self.unchanged)} unchanged, {len(self.kept)} kept as they were")
        out += [f"  kept {path}: {why}" for path, why in self.kept]
        if self.notes:
            out.append(f"Notes ({len(self.notes)}):")
            out += [f"  - {note}" for note in self.notes]
        return out
