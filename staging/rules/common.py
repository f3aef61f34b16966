"""Types shared by the staging systems: what goes in and what comes out."""

from collections.abc import Callable
from dataclasses import dataclass

from zorgpad.pathways.text import Msg
from zorgpad.pathways.vocabulary import Classification, StagingSystem

__all__ = ["Classification", "StageResult", "StagingSystem"]


@dataclass(frozen=True, slots=True)
class StageResult:
    """The categories, the stage group (None = unknown: never a guess), what is missing and why.

    `missing` names the inputs without which no stage group can be given (empty when a stage group
    was found, or when the combination has no stage group in the table whatever one would add).
    """

    system: StagingSystem
    classification: Classification | None
    t: str
    n: str | None
    m: str | None
    grade: str | None
    stage: str | None
    missing: tuple[str, ...]
    explanation: tuple[Msg, ...]

    def explanation_lines(self, translate: Callable[[str], str] | None = None) -> list[str]:
        if translate is None:
            return [msg.render() for msg in self.explanation]
        return [msg.render(translate) for msg in self.explanation]
