"""Builds and updates racing each other, some killed at random points: no acknowledged update is lost
silently, and the served build is always complete.

Each round starts one build from the records (``build_graph``) in some rounds and three updates
(``update_graph``, one unique triple each), all in their own processes, and kills some of them with
``SIGKILL`` at random points. A child prints its result only after ``build_graph``/``update_graph``
returned: an update that printed a build id was *acknowledged*. The children log every switch of
``current`` (under the publication lock, so the log's order is the publish order).

At the end every acknowledged update is in the served build, or a build from the records was
published after it (a rebuild from the records replaces updates: the semantics documented in
``modgraph.store``). An update that lost the race reports ``PublishConflict``; nothing else may fail.
"""

from __future__ import annotations

import json
import random
import signal
import time

import pyoxigraph as ox
import pytest

from modgraph.pipeline.build import build_graph
from modgraph.settings import Settings
from modgraph.store.builds import StoreLocation
from tests.store.processes import assert_served_build_complete, partials, python, wait_for
from tests.store.tiny_project import write_tiny_project

#: four rounds (two with a rebuild), each child killed with KILL_CHANCE at a random point (six rounds took 43 s)
SEED, ROUNDS, UPDATES_PER_ROUND, KILL_CHANCE = 20261201, 4, 3, 0.3
GRAPH, PREDICATE = "https://w3id.org/modgraph/graph/race", "urn:race:p"

#: a child: ``build`` or ``update N`` (inserting into GRAPH with PREDICATE); logs each publish it
#: makes, prints its result as JSON
CHILD = """
import json, sys
from pathlib import Path
from modgraph.settings import Settings
from modgraph.store import drafts
from modgraph.store.drafts import PublishConflict

project, log, graph, predicate, role, n = sys.argv[1:7]
switch = drafts._point_current_at

def switch_and_log(location, final):  # called with the publication lock held
    switch(location, final)
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"{final.name} {role} {n}\\n")

drafts._point_current_at = switch_and_log
settings = Settings.load(Path(project))
try:
    if role == "build":
        from modgraph.pipeline.build import build_graph
        print(json.dumps({"ok": build_graph(settings)[0].id}))
    else:
        from modgraph.pipeline.update import update_graph
        text = f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:race:{n}> <{predicate}> \\"{n}\\" }} }}"
        print(json.dumps({"ok": update_graph(settings, text).id}))
except PublishConflict as exc:
    print(json.dumps({"conflict": str(exc)}))
"""


def _served_updates(location: StoreLocation) -> set[int]:
    store = location.require_current().open_read_only()
    return {
        int(q.object.value) for q in store.quads_for_pattern(None, ox.NamedNode(PREDICATE), None, ox.NamedNode(GRAPH))
    }


def _run_round(project, log, roles: list[tuple[str, str]], rng: random.Random) -> dict[tuple[str, str], dict | None]:
    """Run the children of one round; the result of each (None: it was killed)."""
    children = {role: python("-c", CHILD, str(project), str(log), GRAPH, PREDICATE, *role) for role in roles}
    kill_at = {role: time.monotonic() + rng.uniform(0.2, 2.0) for role in roles if rng.random() < KILL_CHANCE}
    results: dict[tuple[str, str], dict | None] = {}
    try:

        def step() -> bool:
            for role, when in list(kill_at.items()):
                if time.monotonic() >= when:
                    children[role].send_signal(signal.SIGKILL)
                    del kill_at[role]
            return all(child.poll() is not None for child in children.values())

        wait_for(step, 40, "the round's builds and updates to end")
        for role, child in children.items():
            out, err = child.communicate()
            if child.returncode == -signal.SIGKILL:
                results[role] = None
            else:
                assert child.returncode == 0, f"{role} failed:\n{err}"
                results[role] = json.loads(out.strip().splitlines()[-1])
    finally:
        for child in children.values():
            if child.poll() is None:
                child.kill()
            child.wait(10)
    return results


@pytest.mark.slow
def test_acknowledged_updates_are_never_lost_silently(tmp_path):
    project = write_tiny_project(tmp_path / "project")
    log = tmp_path / "publish.log"
    build_graph(Settings.load(project))
    location = StoreLocation(project / "data")
    rng = random.Random(SEED)
    acknowledged: dict[int, str] = {}  # update number -> the build it published
    outcomes = {"ok": 0, "conflict": 0, "killed": 0}
    n = 0
    for round_ in range(ROUNDS):
        roles = [("build", "-")] if round_ % 2 == 0 else []
        for _ in range(UPDATES_PER_ROUND):
            n += 1
            roles.append(("update", str(n)))
        rng.shuffle(roles)
        for (role, number), result in _run_round(project, log, roles, rng).items():
            outcome = "killed" if result is None else next(iter(result))
            outcomes[outcome] += 1
            if role == "update" and outcome == "ok":
                acknowledged[int(number)] = result["ok"]
        assert_served_build_complete(location)

    publishes = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert publishes[-1][0] == location.require_current().id  # the log is the publish order
    position = {build_id: i for i, (build_id, _, _) in enumerate(publishes)}
    last_rebuild = max((i for i, (_, role, _) in enumerate(publishes) if role == "build"), default=-1)
    served = _served_updates(location)
    for number, build_id in acknowledged.items():
        assert build_id in position, f"update {number} acknowledged build {build_id}, which was never published"
        replaced = position[build_id] < last_rebuild
        assert number in served or replaced, f"update {number} (build {build_id}) was acknowledged, then lost"
    # the updates after the last rebuild are all served, and nothing else is
    assert served == {int(n) for _, role, n in publishes[last_rebuild + 1 :] if role == "update"}
    assert outcomes["ok"] and outcomes["killed"], outcomes  # the race really had winners and victims

    build_graph(Settings.load(project))  # every child has ended: the next build leaves no partial build
    assert partials(location) == []
    assert_served_build_complete(location)
