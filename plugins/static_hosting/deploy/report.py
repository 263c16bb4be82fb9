"""What a deploy did or would do, and the error for a deploy that cannot start or finish."""

from __future__ import annotations

from dataclasses import dataclass, field


class DeployError(RuntimeError):
    pass


@dataclass
class Report:
    target: str
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Folders removed along with the deleted files in them (rsync lists them).
    deleted_folders: int = 0
    # A plan: nothing was sent or deleted.
    dry_run: bool = False

    def listing(self, uploads: bool = True) -> str:
        """One file a line, '+ path' uploaded and '- path' deleted, then the counts."""
        lines = [f"+ {path}" for path in self.uploaded] if uploads else []
        lines += [f"- {path}" for path in self.deleted]
        return "\n".join([*lines, str(self)])

    def __str__(self) -> str:
        if self.dry_run:
            return (f"{self.target} (dry run, nothing changed): {len(self.uploaded)} file(s) "
                    f"would be uploaded, {len(self.deleted)} deleted, {self.unchanged} unchanged")
        return (f"{self.target}: {len(self.uploaded)} file(s) uploaded, "
                f"{len(self.deleted)} deleted, {self.unchanged} unchanged")
