"""Sections of a deputy's performance record (履职档案), contributed by any app.

The record page of the deputies app shows its own sections (activities by kind and month, session
attendance, points) and then every registered section, so apps to its right in the dependency order
(citizen messages, suggestions, liaison stations …) add theirs without this app importing them:

    from deputies.record import RecordSection, register
    register(RecordSection("messages", _("群众留言办理"), order=40,
                           provider=lambda deputy, year: {"rows": [...], "summary": "…"},
                           template="citizen_messages/record_section.html"))

`provider(deputy, year)` returns a context dict for `template` (or None to hide the section), and may
return "points": a list of (label, count) pairs that the points computation adds up with the rules.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordSection:
    key: str
    title: str
    provider: Callable
    template: str
    order: int = 100


_sections: dict[str, RecordSection] = {}


def register(section: RecordSection) -> None:
    _sections[section.key] = section


def sections() -> list[RecordSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))
