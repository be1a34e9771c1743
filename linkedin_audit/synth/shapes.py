"""What the generator's helper modules need of the objects that call them, as typing Protocols.

`outreach` and `realworld` plant patterns into the life that `life.Life` is building, and `extras` writes
files for the export that `writers.ExportWriter` is writing; typing them against these shapes, rather than
the classes, keeps the imports one way (life -> outreach, writers -> extras) with no circle."""

from __future__ import annotations

import random
from typing import Protocol

from linkedin_audit.synth.plan import Builder, Person, Plan, Scale


class LifeInProgress(Protocol):
    """The life being built (life.Life): its builder, plan, RNG and the patterns planted so far."""

    b: Builder
    rng: random.Random
    p: Plan
    sc: Scale
    as_of_day: int
    me: str
    inv_burst1: list[int]
    inv_burst2: list[int]
    msg_burst: list[int]
    clock: list[int]
    invitees: list[Person]
    talked_first: list[Person]
    strong: list[Person]

    def new_person(self, connection: bool) -> Person: ...

    def thread(
        self,
        p: Person,
        t0: int,
        reply_days: bool = False,
        owner_starts: bool | None = None,
        latency: int | None | str = "draw",
        more: int = 2,
    ) -> int: ...

    def stranger_thread(self, p: Person, t0: int) -> None: ...


class ExportInProgress(Protocol):
    """The export being written (writers.ExportWriter): its plan, era, end time and owner."""

    p: Plan
    era: int
    end: int
    owner: Person
    member_id: str
