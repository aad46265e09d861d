"""One way to move a record: a declarative table of actions per state machine.

Each domain app declares a `Machine` in its `workflow.py`: the states field, the audit hook, and a
list of `Action`s. An action names the states it may be taken in (`sources`), the states it may lead
to (`targets`; empty for an event inside a state, such as adding a supplement), who may take it
(`who`, a `Who` predicate with its Chinese refusal), an optional extra condition (`when`), its label
and button style, and the form that collects its data. Everything else is derived from that one
table, so it cannot disagree with itself:

- `Machine.moves()` — from-state → reachable states (what the admin's status field may do);
- `Machine.check(record, action, user)` — the refusal, in Chinese, or nothing;
- `Machine.available(record, user)` — the buttons this user may press on this record now;
- `Machine.move(record, to, action=, user=)` — writes the change and the audit row through the hook;
- `Machine.apply(record, action, user, **data)` — checks, then runs the action's service function
  (named by a dotted path, so the table never imports the services that use it).

See docs/architecture.md "Moving a record".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Who:
    """Who may take an action: `test(user, record)` and what a refused user is told."""

    test: Callable[[Any, Any], bool]
    refusal: str

    def __call__(self, user, record) -> bool:
        return bool(user and user.is_authenticated and self.test(user, record))

    def __or__(self, other: Who) -> Who:
        return Who(lambda u, r: self.test(u, r) or other.test(u, r), self.refusal)


ANYONE = Who(lambda user, record: True, "")


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    who: Who = ANYONE
    targets: tuple = ()  # empty: an event inside the state (audited, no change of state)
    run: str = ""  # dotted path of the service function: run(record, user, **data)
    when: Callable[[Any], bool] | None = None  # an extra condition on the record
    when_refusal: str = ""
    style: str = "primary"  # Bootstrap button colour: primary, success, outline-secondary …
    form: Callable[..., Any] | None = None  # form(record, data=None, files=None, user=None) → Form
    done: str = ""  # the success message; the generic one if empty
    hint: str = ""  # a line shown above the button
    needs_note: bool = False  # refused without a note (checked by the service; shown on the button)
    button: bool = True  # False: written by a service or a sweep, never offered as a button
    state_refusal: str = ""  # what to say in a wrong state, if the generic sentence does not fit

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "targets", tuple(self.targets))

    @property
    def changes_state(self) -> bool:
        return bool(self.targets)


@dataclass
class Machine:
    """The table of one kind of record. `audit(record, *, user, from_state, to_state, action, note)`
    writes the app's own history row (or None when the model keeps a django-simple-history log)."""

    model: Any
    field: str
    states: Any  # the TextChoices of the field
    actions: Iterable[Action]
    audit: Callable[..., Any] | None = None
    lock: bool = True
    # the app's own sentence for a move the table does not allow (%(state)s, %(to)s); a generic one if empty
    wrong_move_text: str = ""
    by_name: dict = field(init=False)

    def __post_init__(self):
        self.actions = tuple(self.actions)
        self.by_name = {a.name: a for a in self.actions}
        assert len(self.by_name) == len(self.actions), "action names must be unique"
        for a in self.actions:
            unknown = (set(a.sources) | set(a.targets)) - set(self.states.values)
            assert not unknown, f"{a.name}: unknown states {unknown}"

    # --- the table --------------------------------------------------------------------------------
    def action(self, name: str) -> Action:
        return self.by_name[name]

    def moves(self) -> dict[str, set[str]]:
        """from-state → the states some action may take it to (derived from the actions)."""
        table: dict[str, set[str]] = {s: set() for s in self.states.values}
        for a in self.actions:
            for src in a.sources:
                table[src].update(a.targets)
        return table

    def state_of(self, record) -> str:
        return getattr(record, self.field)

    def label_of(self, state) -> str:
        return str(self.states(state).label) if state in self.states.values else str(state)

    # --- checks -----------------------------------------------------------------------------------
    def refusal(self, record, name: str, user) -> str | None:
        """Why `user` may not take action `name` on `record` now, in Chinese; None if they may."""
        a = self.by_name.get(name)
        if a is None:
            return _("没有这项操作")
        if a.who is not ANYONE and not a.who(user, record):
            return str(a.who.refusal)
        state = self.state_of(record)
        if state not in a.sources:
            if a.state_refusal:
                return str(a.state_refusal)
            if len(a.targets) == 1:
                return self.wrong_move(state, a.targets[0])
            return _("当前状态为“%(state)s”，不能%(what)s") % {"state": self.label_of(state), "what": a.label}
        if a.when is not None and not a.when(record):
            return str(a.when_refusal) or _("当前不能%(what)s") % {"what": a.label}
        return None

    def check(self, record, name: str, user) -> Action:
        reason = self.refusal(record, name, user)
        if reason:
            raise ValidationError(reason, code="refused")
        return self.by_name[name]

    def available(self, record, user) -> list[Action]:
        """The actions this user may take on this record now, in table order: the buttons."""
        return [a for a in self.actions if a.button and self.refusal(record, a.name, user) is None]

    def wrong_move(self, frm, to) -> str:
        text = str(self.wrong_move_text) if self.wrong_move_text else _("当前状态为“%(state)s”，不能变更为“%(to)s”")
        return text % {"state": self.label_of(frm), "to": self.label_of(to)}

    def action_to(self, frm, to) -> Action | None:
        """The action that takes a record from `frm` to `to` (for callers that name the target)."""
        return next((a for a in self.actions if frm in a.sources and to in a.targets), None)

    # --- writes -----------------------------------------------------------------------------------
    def locked(self, record):
        """Re-read the row under a lock (so two clicks cannot both pass the state check) and copy
        the fresh values onto the caller's instance."""
        if not self.lock or record.pk is None:
            return record
        fresh = type(record).objects.select_for_update().get(pk=record.pk)
        record.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
        return record

    def begin(self, record, name: str, user):
        """The preamble of every service function: lock, then check (raises the Chinese refusal)."""
        self.locked(record)
        return self.check(record, name, user)

    def move(self, record, to: str, *, action: str, user, note: str = "", save=True, update_fields=None, record_as=""):
        """Change the state along `action` and write the audit row (named `record_as` when the
        history tells the outcome, e.g. review → "accept"). A target the action does not lead to,
        or a state it does not start from, is refused: the table is the only authority."""
        a = self.by_name[action]
        frm = self.state_of(record)
        if frm not in a.sources or to not in a.targets:
            raise ValidationError(self.wrong_move(frm, to), code="refused")
        setattr(record, self.field, to)
        # django-simple-history names the history row after the action (harmless elsewhere).
        record._change_reason = record_as or action
        if save:
            if update_fields is not None:
                update_fields = list({*update_fields, self.field})
            record.save(update_fields=update_fields)
        return self._audit(record, user=user, from_state=frm, to_state=to, action=record_as or action, note=note)

    def event(self, record, *, action: str, user, note: str = ""):
        """An audited event inside the current state (no change)."""
        state = self.state_of(record)
        return self._audit(record, user=user, from_state=state, to_state=state, action=action, note=note)

    def _audit(self, record, **row):
        return self.audit(record, **row) if self.audit else None

    def apply(self, record, name: str, user, **data):
        """Take action `name`: check it, then run its service function (which writes the change and
        the audit row through `move`/`event`), all in one transaction."""
        a = self.check(record, name, user)
        if not a.run:
            raise ValidationError(_("没有这项操作"), code="refused")
        with transaction.atomic():
            return import_string(a.run)(record, user, **data)


# --- views --------------------------------------------------------------------------------------
@dataclass
class Button:
    """One action offered on a record's page, with its (possibly bound) form."""

    action: Action
    form: Any = None

    @property
    def name(self):
        return self.action.name


def buttons(machine: Machine, record, user, bound: tuple | None = None) -> list[Button]:
    """The buttons of `record` for `user`, from the table; `bound` = (action name, bound form) keeps
    what was typed in a form that was refused."""
    out = []
    for a in machine.available(record, user):
        if bound and bound[0] == a.name:
            out.append(Button(a, bound[1]))
        else:
            out.append(Button(a, a.form(record, user=user) if a.form else None))
    if bound and bound[0] not in {b.name for b in out} and bound[0] in machine.by_name:
        out.append(Button(machine.by_name[bound[0]], bound[1]))  # show why it was refused, with the input
    return out


def act(request, machine: Machine, record, name: str | None = None) -> tuple[bool, Any]:
    """Validate the action's form and apply it; Chinese messages either way. Returns (ok, form).
    `name` defaults to the posted `action` field (pages that post every card to one URL)."""
    from django.contrib import messages
    from django.http import Http404

    if name is None:
        name = request.POST.get("action", "")
    a = machine.by_name.get(name)
    if a is None or not a.button:
        raise Http404
    form = a.form(record, request.POST, request.FILES, user=request.user) if a.form else None
    if form is not None and not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return False, form
    try:
        machine.apply(record, name, request.user, **(form.cleaned_data if form is not None else {}))
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
        return False, form
    messages.success(request, str(a.done) if a.done else _("操作成功"))
    return True, form
