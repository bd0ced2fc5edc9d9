"""The workflow toolkit: status machines whose edges name who may take them,
the one lock-and-check helper every transition service uses, and the
diagrams generated from the machines.

A transition service reads like this (CONVENTIONS §5)::

    with transaction.atomic(), history_context(user):
        item = transition(item, Status.SENT, machine=ITEM, user=user)
        item.deadline = deadline
        item.save(update_fields=["status", "deadline"])
        ItemEvent.objects.create(item=item, type="app.sent", actor=user)

Lock order, everywhere: a parent before its children, children by primary key.
`transition()` locks only the row it changes (`of=("self",)`), so two
transitions of different rows that share a parent never wait for each other.
A step that changes a child does not lock its parent; a step that changes
several rows locks them in this order and never the other way round:

- Term → Deputy → Mandate → ExitCase; Deputy → PerformanceRecord.
- Proposal → Signer; Proposal → Assignment → Reply, ExtensionRequest.
- Sibling assignments by primary key, except the lead deputy's rating, which
  locks the lead assignment and then the co-handling ones (by primary key);
  no step locks a co-handling assignment and then the lead one.

tests/proposals/test_lock_order.py keeps the interleaving that deadlocked
before (a rating against a send-back) as a regression test on two connections.
`manage.py workflow_diagrams` writes docs/workflows.md from the machines, and a
test fails when that file is out of date.
"""

from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.translation import gettext

from congress.exceptions import TransitionNotAllowed

# The actor of steps the system takes by itself (deadline sweeps, ballots
# closing): services pass user=None for them.
SYSTEM = "system"

_machines: dict[str, "Machine"] = {}


class Machine:
    """The statuses of one model and, per edge, the roles that may take it."""

    def __init__(
        self,
        name: str,
        states: type[models.TextChoices],
        edges: Mapping[str, Mapping[str, Iterable[str]]],
        *,
        register: bool = True,
    ) -> None:
        unknown = {
            str(state)
            for source, targets in edges.items()
            for state in (source, *targets)
            if state not in states.values
        }
        missing = set(states.values) - {str(source) for source in edges}
        if unknown or missing:
            raise ValueError(f"{name}: unknown {unknown or ''} missing {missing or ''}")
        if register and name in _machines:
            raise ValueError(f"A workflow named {name!r} is registered twice.")
        self.name = name
        self.states = states
        self.edges = {
            str(source): {str(target): frozenset(roles) for target, roles in t.items()}
            for source, t in edges.items()
        }
        if register:
            _machines[name] = self

    def targets(self, source: str) -> set[str]:
        """The statuses reachable from `source` in one step, by anyone."""
        return set(self.edges[source])

    def as_map(self) -> dict[str, set[str]]:
        return {source: self.targets(source) for source in self.edges}

    def actors(self, source: str, target: str) -> frozenset[str]:
        return self.edges.get(source, {}).get(target, frozenset())

    def may(self, source: str, target: str, user) -> bool:
        """Whether `user` (None: the system) may take the edge; for templates too."""
        actors = self.actors(source, target)
        if user is None:
            return SYSTEM in actors
        return bool(user.is_active and actors & {role.value for role in user.roles})

    def check(self, source: str, target: str, user) -> None:
        """Raise TransitionNotAllowed, naming both states, unless `may`."""
        if target not in self.edges.get(source, {}):
            raise TransitionNotAllowed(
                gettext(
                    "This step is not allowed: “%(current)s” cannot become "
                    "“%(target)s”."
                )
                % {"current": self.label(source), "target": self.label(target)}
            )
        if not self.may(source, target, user):
            raise TransitionNotAllowed(
                gettext(
                    "You may not take this step from “%(current)s” to “%(target)s”."
                )
                % {"current": self.label(source), "target": self.label(target)}
            )

    def label(self, state: str) -> str:
        return str(self.states(state).label)


def transition[M: models.Model](
    instance: M, target: str, *, machine: Machine, user, field: str = "status"
) -> M:
    """Lock the row, check the state and the acting role, set the new state.

    Call inside transaction.atomic(). Re-reads `instance` with
    SELECT ... FOR UPDATE OF its own table only, checks the edge from its
    current state to `target` for `user` (None: the system) and returns the
    locked copy with `field` set to `target`, unsaved: the caller sets its
    other fields and saves once. Raises TransitionNotAllowed.
    """
    model = type(instance)
    locked = model._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)
    machine.check(getattr(locked, field), target, user)
    setattr(locked, field, target)
    return locked


def machines() -> dict[str, Machine]:
    return dict(_machines)


# Plain maps of the workflows not yet on a Machine (status -> next statuses).
_maps: dict[str, tuple[dict[str, set[str]], type[models.TextChoices]]] = {}


def register_transitions(
    name: str, transitions: dict[str, set[str]], states: type[models.TextChoices]
) -> None:
    _maps[name] = (transitions, states)


def mermaid(transitions: dict[str, set[str]], states, actors=None) -> str:
    lines = ["stateDiagram-v2"]
    lines += [f"    {state}: {states(state).label}" for state in transitions]
    for source, targets in transitions.items():
        for target in sorted(targets):
            who = actors(source, target) if actors else ()
            label = f": {', '.join(sorted(who))}" if who else ""
            lines.append(f"    {source} --> {target}{label}")
    return "\n".join(lines)


def diagrams_markdown() -> str:
    parts = [
        "# Workflows",
        "",
        "Generated by `python manage.py workflow_diagrams` from the workflow",
        "machines that the services enforce (edges name the roles that may take",
        "them; `system` is the portal itself); do not edit by hand.",
    ]
    diagrams = {
        name: mermaid(transitions, states)
        for name, (transitions, states) in _maps.items()
    }
    diagrams |= {
        name: mermaid(machine.as_map(), machine.states, machine.actors)
        for name, machine in _machines.items()
    }
    for name in sorted(diagrams):
        parts += ["", f"## {name}", "", "```mermaid", diagrams[name], "```"]
    return "\n".join(parts) + "\n"
