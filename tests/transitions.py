"""Table-driven checks of a `core.transitions.Machine`, shared by every app's test_workflow.py.

Each app's test parametrises over its own table's actions and states (`actions`, `states`) and the
checks walk every state, so a new state or action is covered as soon as it is added to the table.
An app provides a `Table` fixture: how to put a record in a given state, who the acting user is for
an action, and who an outsider is."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.transitions import ANYONE

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Table:
    machine: Any
    make: Callable[[str], Any]  # a saved record in that state
    actor: Callable[[Any, Any], Any]  # (action, record) → a user the action's `who` admits
    outsider: Any  # a signed-in user no `who` admits
    audit_rows: Callable[[Any], int]  # how many audit rows the record has


def actions(machine):
    return [pytest.param(a.name, id=a.name) for a in machine.actions]


def states(machine):
    return [pytest.param(s, id=s) for s in machine.states.values]


def check_action_in_every_state(table: Table, name: str):
    for state in table.machine.states.values:
        check_refusal(table, name, state)


def check_moves_of(table: Table, name: str):
    a = table.machine.action(name)
    for src in sorted(a.sources):
        for to in a.targets:
            check_move(table, name, src, to)


def check_forbidden_from(table: Table, src: str):
    moves = table.machine.moves()[src]
    for to in table.machine.states.values:
        if to not in moves:
            check_forbidden(table, src, to)


def check_refusal(table: Table, name: str, state: str):
    """In a source state (and when its condition holds) the action is open to its users and
    refused to an outsider; anywhere else it is refused, in Chinese, naming why."""
    m = table.machine
    a = m.action(name)
    record = table.make(state)
    user = table.actor(a, record)
    reason = m.refusal(record, name, user)
    expected_open = state in a.sources and (a.when is None or a.when(record))
    if expected_open:
        assert reason is None
        assert (name in {b.name for b in m.available(record, user)}) == a.button
    else:
        assert reason and CHINESE.search(reason), reason
        if state not in a.sources:
            assert reason == str(a.state_refusal) or m.label_of(state) in reason
        with pytest.raises(ValidationError) as exc:
            m.check(record, name, user)
        assert exc.value.messages == [reason]
    if a.who is not ANYONE:
        outsider_reason = m.refusal(record, name, table.outsider)
        assert outsider_reason == str(a.who.refusal) and CHINESE.search(outsider_reason)
        assert name not in {b.name for b in m.available(record, table.outsider)}


def check_move(table: Table, name: str, src: str, to: str):
    """An allowed move changes the state and writes one audit row naming the actor."""
    m = table.machine
    record = table.make(src)
    user = table.actor(m.action(name), record)
    before = table.audit_rows(record)
    m.move(record, to, action=name, user=user, note="测试")
    record.refresh_from_db()
    assert m.state_of(record) == to
    assert table.audit_rows(record) == before + 1


def check_forbidden(table: Table, src: str, to: str):
    """No action of the table moves a record between states it does not connect."""
    m = table.machine
    record = table.make(src)
    before = table.audit_rows(record)
    for a in m.actions:
        with pytest.raises(ValidationError) as exc:
            m.move(record, to, action=a.name, user=table.actor(a, record))
        assert CHINESE.search(exc.value.messages[0])
    record.refresh_from_db()
    assert m.state_of(record) == src and table.audit_rows(record) == before


def table_tests(machine):
    """The three table-driven tests of one machine, for a test module with a `table` fixture:
    `test_a, test_b, test_c = table_tests(MACHINE)`."""

    @pytest.mark.parametrize("action", actions(machine))
    def each_action_in_each_state(table, action):
        check_action_in_every_state(table, action)

    @pytest.mark.parametrize("action", actions(machine))
    def each_allowed_move_writes_its_audit_row(table, action):
        check_moves_of(table, action)

    @pytest.mark.parametrize("src", states(machine))
    def each_forbidden_move_is_refused(table, src):
        check_forbidden_from(table, src)

    return each_action_in_each_state, each_allowed_move_writes_its_audit_row, each_forbidden_move_is_refused
