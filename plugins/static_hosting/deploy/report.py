"""What a deploy did, and the error for a deploy that cannot start or finish."""

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

    def __str__(self) -> str:
        return (f"{self.target}: {len(self.uploaded)} file(s) uploaded, "
                f"{len(self.deleted)} deleted, {self.unchanged} unchanged")
