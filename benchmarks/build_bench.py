"""Build benchmark: full build, one-record incremental build and the engine's floor, on synthetic projects.

    nice python benchmarks/build_bench.py [--scales 1,10,40] [--rounds 2] [--large-rounds 1]
        [--validation compiled[,skip,pyshacl]] [--interim-up-to 1] [--full-only]
        [--output benchmarks/BUILD.md] [--workdir DIR] [--report ROWS]

For each scale a project of that many copies of the corpus is made (``benchmarks/synthetic.py``); then,
per round, interleaved, each in a fresh child process (wall time, and peak RSS of that child alone
from ``os.wait4``):

- **floor**: a raw pyoxigraph ``bulk_load`` of the build's N-Quads (the named graphs of its dump) into an
  empty on-disk store; and of the named graphs plus the union default graph (what a build stores)
- **full build** (``build_graph(full=True)``) into a fresh store
- **one-record build**: one record's label changed in one document, then an (incremental) build on top

Validation: ``compiled`` is the real build (the ``validator`` setting: the SHACL shapes compiled to
queries on the store); ``pyshacl`` the build with the reference validator (``interim``, its old name, is
accepted); ``skip`` replaces ``validate_store`` in the child by a stub returning a conforming empty
report. ``--interim-up-to`` limits the pyshacl runs to small scales and to the first round (pyshacl is
far too slow beyond); ``--large-rounds`` is the number of rounds above ×10; ``--full-only`` measures the
full builds alone (for ×400). Step times: the build's own step callback, and the child wraps the build's
parts (``TIMED``: records, validation, each file ``write_downloads`` writes) with timers. Each build
child logs where it is (step starts and ends, RSS and peak RSS, every 15 s) to ``<store>.progress`` in
the work directory, so that a build stopped before its end still says where it got to.
``--report ROWS`` rewrites the report from a ``rows.json`` of an earlier (or stopped) run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from http_bench import tree_rss_mb  # noqa: E402
from synthetic import make_project  # noqa: E402

#: the record changed by the one-record build (document file, its first label line)
CHANGED_FILE = "zov-2017.yaml"
#: the build's validation variants (``skip``: a stub) and the slow one, limited by ``--interim-up-to``
VALIDATIONS = ("skip", "compiled", "pyshacl", "interim")
SLOW = ("pyshacl", "interim")


def _child(args: list[str]) -> dict:
    """Run this script's child mode; → its JSON result, with ``wall`` and ``peak_rss_mb`` of the child.

    Also the 1-minute load average at its start and end (``load``), the machine being shared.
    """
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "child", *args], stdout=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    tree_peak, stop = [0.0], threading.Event()

    def sample() -> None:  # the child and its worker processes together, every 0.2 s
        while not stop.wait(0.2):
            tree_peak[0] = max(tree_peak[0], tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    stop.set()
    sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed ({proc.returncode})")
    result = json.loads(out.decode().strip().splitlines()[-1])
    peak = usage.ru_maxrss / 1024
    result.update(wall=wall, peak_rss_mb=peak, tree_peak_mb=max(tree_peak[0], peak), load=[load0, os.getloadavg()[0]])
    return result


#: the timed parts of a build, wrapped in the child: (module, function, column); the publication files are
#: written by ``write_downloads`` (VoID and the sitemap in threads beside the dumps: their times overlap)
TIMED = (
    ("modgraph.pipeline.build", "load_records", "records"),
    ("modgraph.pipeline.build", "validate_store", "validation"),
    ("modgraph.pipeline.build", "finish_store", "finish"),
    ("modgraph.pipeline.build", "write_downloads", "downloads"),
    ("modgraph.publish", "write_dumps", "dumps"),
    ("modgraph.publish", "write_catalogue", "catalogue"),
    ("modgraph.publish", "write_graph_facts", "facts"),
    ("modgraph.publish", "write_void", "void"),
    ("modgraph.publish", "write_sitemap", "sitemap"),
    ("modgraph.publish", "write_validation", "report"),
    ("modgraph.publish", "write_search_index", "search"),
    ("modgraph.publish", "write_projection", "projection"),
)


def _memory() -> tuple[float, float]:
    """This process's (RSS, peak RSS) in MB, from ``/proc/self/status``."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


class Progress:
    """Where a build is: each step's start and end (and every ``every`` seconds) appended to a log file."""

    def __init__(self, path: Path | None, every: float = 15.0) -> None:
        import threading

        self.path, self.t0, self.where = path, time.perf_counter(), "start"
        self.done = threading.Event()
        if path is not None:
            threading.Thread(target=self._sample, args=(every,), daemon=True).start()

    def note(self, what: str) -> None:
        if self.path is None:
            return
        rss, peak = _memory()
        with self.path.open("a", encoding="utf-8") as log:
            log.write(
                f"{time.strftime('%H:%M:%S')} +{time.perf_counter() - self.t0:7.1f} s  {what:<28} "
                f"RSS {rss:6.0f} MB  peak {peak:6.0f} MB  load {os.getloadavg()[0]:.1f}\n"
            )

    def _sample(self, every: float) -> None:
        while not self.done.wait(every):
            self.note(f"in {self.where}")


def _timed(progress: Progress, timings: dict[str, float], column: str, fn):
    def wrapper(*args, **kw):
        progress.where = column
        progress.note(f"{column} starts")
        t0 = time.perf_counter()
        try:
            return fn(*args, **kw)
        finally:
            timings[column] = timings.get(column, 0.0) + time.perf_counter() - t0
            progress.note(f"{column} ends ({timings[column]:.1f} s)")

    return wrapper


def _time_processes(progress: Progress, timings: dict[str, float]) -> None:
    """Time the search index and the projection when a large build makes them in processes of their own
    (``modgraph.publish.publication_processes``): from their submission to their end, seen from the build's
    process."""
    from contextlib import contextmanager

    from modgraph import publish
    from modgraph.pipeline import build as build_module

    columns = {"search": "search", "deps": "projection"}
    real = publish.publication_processes

    class Timed:
        def __init__(self, pool):
            self.pool = pool

        def submit(self, fn, task=None, *args):
            if task not in columns:  # the processes' start (publication_processes' start=True)
                return self.pool.submit(fn, *([] if task is None else [task]), *args)
            t0, column = time.perf_counter(), columns[task]
            progress.note(f"{column} starts (process)")

            def done(_future) -> None:
                timings[column] = timings.get(column, 0.0) + time.perf_counter() - t0
                progress.note(f"{column} ends ({timings[column]:.1f} s, process)")

            future = self.pool.submit(fn, task, *args)
            future.add_done_callback(done)
            return future

    @contextmanager
    def timed(settings, documents, start=False):
        with real(settings, documents, start) as pool:
            yield None if pool is None else Timed(pool)

    publish.publication_processes = timed  # type: ignore[assignment]
    build_module.publication_processes = timed  # type: ignore[assignment]


def child_build(project: Path, store: Path, full: bool, validation: str, progress_log: Path | None = None) -> dict:
    """One build; → the build callback's step times and the wrapped functions' times (``TIMED``).

    ``validation``: ``skip`` (a stub returning a conforming, empty report), ``compiled`` or ``pyshacl``
    (the build's ``validator`` setting; ``interim`` is the old name of ``pyshacl``).
    """
    import importlib

    from modgraph.pipeline import build as build_module
    from modgraph.pipeline.validation import ValidationReport
    from modgraph.settings import Settings

    progress = Progress(progress_log)
    if validation == "skip":

        def stub(*_args, **_kw):
            from rdflib import Graph

            return ValidationReport(True, [], Graph())

        build_module.validate_store = stub  # type: ignore[assignment]
    timings: dict[str, float] = {}
    for module, name, column in TIMED:
        mod = importlib.import_module(module)
        setattr(mod, name, _timed(progress, timings, column, getattr(mod, name)))
    _time_processes(progress, timings)
    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    last = ["start", t0]

    def step(name: str) -> None:
        now = time.perf_counter()
        steps[str(last[0])] = now - float(last[1])
        last[:] = [name, now]
        progress.where = name
        progress.note(f"step {name}")

    validator = {"skip": None, "interim": "pyshacl"}.get(validation, validation)
    settings = Settings.load(project).with_overrides(store=store, validator=validator)
    built, result = build_module.build_graph(settings, step, full=full)
    step("end")
    progress.done.set()
    steps.pop("start", None)
    return {
        "steps": steps,
        "timings": timings,
        "triples": built.info.triples,
        "reused": len(result.reused),
        "mapped": len(result.mapped),
        "warnings": len(result.report.warnings),
    }


def child_floor(nquads: Path, store: Path) -> dict:
    import pyoxigraph as ox

    t0 = time.perf_counter()
    st = ox.Store(str(store))
    st.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    st.flush()
    st.optimize()
    return {"load": time.perf_counter() - t0, "quads": len(st)}


def change_one_record(project: Path, n: int) -> None:
    """Change the label of the first record of ``CHANGED_FILE`` (the ``n``-th change: a new label each time)."""
    path = project / "records" / CHANGED_FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("    label: ") and i > 20)
    lines[i] = lines[i].split(" (geändert")[0].rstrip('"') + f' (geändert {n})"'
    path.write_text("\n".join(lines), encoding="utf-8")


def floor_inputs(build_store: Path, workdir: Path) -> tuple[Path, Path]:
    """The named graphs (the dump) and the named graphs plus the default graph, as N-Quads files."""
    import pyoxigraph as ox

    current = build_store / "current"
    named = workdir / "named.nq"
    named.write_bytes(gzip.decompress((current / "downloads" / "modgraph.nq.gz").read_bytes()))
    everything = workdir / "all.nq"
    ox.Store.read_only(str(current / "store")).dump(str(everything), format=ox.RdfFormat.N_QUADS)
    return named, everything


def run(
    scales: list[int],
    rounds: int,
    large_rounds: int,
    validations: list[str],
    interim_up_to: int,
    workdir: Path,
    full_only: bool = False,
) -> list[dict]:
    """Every measurement, appended to ``workdir/rows.json`` as it is made (a long run can be stopped).

    Each build child also logs its progress to ``workdir/<store>.progress`` (steps, RSS, every 15 s).
    With ``full_only``: the full builds alone (no one-record build, no floor).
    """
    rows: list[dict] = []
    log = workdir / "rows.json"
    for scale in scales:
        t0 = time.perf_counter()
        project = make_project(scale, workdir / f"x{scale}")
        made = time.perf_counter() - t0
        print(f"×{scale}: project made in {made:.1f} s", flush=True)
        inputs = None
        changes = 0
        for r in range(rounds if scale <= 10 else large_rounds):
            for validation in validations:
                if validation in SLOW and (scale > interim_up_to or r > 0):
                    continue  # pyshacl: one round, small scales (see the module docstring)
                store = workdir / f"x{scale}-{validation}-{r}"
                args = [str(project), str(store), "full", validation, str(store) + ".progress"]
                full = _child(["build", *args])
                print(
                    f"×{scale} round {r} {validation}: full {full['wall']:.1f} s {full['peak_rss_mb']:.0f} MB",
                    flush=True,
                )
                row = {"scale": scale, "round": r, "validation": validation, "full": full}
                if not full_only:
                    if inputs is None:
                        inputs = floor_inputs(store, workdir / f"x{scale}")
                    changes += 1  # a new label each time: every one-record build has a change to map
                    change_one_record(project, changes)
                    args[2] = "incremental"
                    row["one"] = one = _child(["build", *args])
                    print(f"×{scale} round {r} {validation}: one record {one['wall']:.1f} s", flush=True)
                rows.append(row)
                log.write_text(json.dumps(rows, indent=2))
            for kind, path in zip(("floor-named", "floor-all"), inputs or (), strict=False):
                floor = _child(["floor", str(path), str(workdir / f"x{scale}-{kind}-{r}")])
                print(f"×{scale} round {r} {kind}: {floor['wall']:.1f} s {floor['peak_rss_mb']:.0f} MB", flush=True)
                rows.append({"scale": scale, "round": r, "validation": kind, "floor": floor})
                log.write_text(json.dumps(rows, indent=2))
    return rows


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


#: the step table's columns: (heading, the build callback's step or a ``TIMED`` column)
STEP_COLUMNS = (
    ("records", "records"),
    ("mapping+load", "mapping"),
    ("validation", "validation"),
    ("finish (optimize, count, build.json)", "finish"),
    ("dumps", "dumps"),
    ("graph facts*", "facts"),
    ("VoID*", "void"),
    ("sitemap*", "sitemap"),
    ("catalogue", "catalogue"),
    ("search index", "search"),
    ("dependency projection", "projection"),
    ("write_downloads total", "downloads"),
)


def _step_time(run: dict, key: str) -> float:
    """A step's time in one build: the wrapped function's (``timings``), else the step callback's."""
    timings = run.get("timings", {})
    return timings[key] if key in timings else run["steps"].get(key, 0.0)


def _fmt(value: float, digits: int = 1) -> str:
    return "–" if value != value else f"{value:.{digits}f}"  # NaN: not measured


def report(rows: list[dict], command: str) -> str:
    out = [
        "# Build benchmark (synthetic projects: N copies of the corpus)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; shared with other work: compare ratios within one run.",
        "",
        "Wall times are of the whole child process (interpreter start included), medians over the rounds;",
        "peak RSS is the child's `ru_maxrss`; *with its workers*: the largest sum of the RSS of the child and of the",
        "worker processes a large build starts (mapping, search index, projection), sampled every 0.2 s;",
        "load = the 1-minute load average at the children's starts and ends",
        "(min–max). `compiled`: the real build (the compiled SHACL validator on the store); `skip`: validation",
        "replaced by a stub; `pyshacl` (`interim` in older runs): the reference validator.",
        "",
        "| scale | quads (named graphs) | validation | full build s | peak MB | peak MB with its workers "
        "| one-record build s | one / full "
        "| floor bulk_load s (named / +default) | floor peak MB (named / +default) | full / floor(+default) "
        "| peak with workers / floor peak(+default) | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    scales = sorted({r["scale"] for r in rows})
    for scale in scales:
        floors = {
            k: [r["floor"] for r in rows if r["scale"] == scale and r["validation"] == k]
            for k in ("floor-named", "floor-all")
        }
        fl_t = {k: _median([f["wall"] for f in v]) for k, v in floors.items()}
        fl_m = {k: _median([f["peak_rss_mb"] for f in v]) for k, v in floors.items()}
        quads = str(floors["floor-named"][0]["quads"]) if floors["floor-named"] else "–"
        for validation in VALIDATIONS:
            runs = [r for r in rows if r["scale"] == scale and r["validation"] == validation]
            if not runs:
                continue
            full = _median([r["full"]["wall"] for r in runs])
            peak = _median([r["full"]["peak_rss_mb"] for r in runs])
            trees = [r["full"]["tree_peak_mb"] for r in runs if "tree_peak_mb" in r["full"]]
            tree_peak = _median(trees) if trees else float("nan")
            one = _median([r["one"]["wall"] for r in runs if "one" in r])
            loads = [x for r in runs for k in ("full", "one") if k in r for x in r[k].get("load", [])]
            load = f"{min(loads):.1f}–{max(loads):.1f}" if loads else "–"
            out.append(
                f"| ×{scale} | {quads} | {validation} | {full:.1f} | {peak:.0f} | {_fmt(tree_peak, 0)} | {_fmt(one)} "
                f"| {_fmt(one / full, 2)} "
                f"| {_fmt(fl_t['floor-named'])} / {_fmt(fl_t['floor-all'])} | {_fmt(fl_m['floor-named'], 0)} / "
                f"{_fmt(fl_m['floor-all'], 0)} | {_fmt(full / fl_t['floor-all'])} "
                f"| {_fmt(max(peak, tree_peak) / fl_m['floor-all'])} | {load} |"
            )
    out += [
        "",
        "Steps (median seconds; `records` = load and check the records, `mapping+load` = map or copy each",
        "document graph and load it, `finish` = optimize, count, build.json; then `write_downloads`: the dumps,",
        "VoID and sitemap (*: in threads beside the dumps, so their times overlap the dumps'), catalogue, the",
        "search index and the dependency projection; `write_downloads total` is all of these together):",
        "",
        "| scale | validation | build | " + " | ".join(h for h, _ in STEP_COLUMNS) + " | reused / mapped |",
        "|---|---|---|" + "---|" * len(STEP_COLUMNS) + "---|",
    ]
    for scale in scales:
        for validation in VALIDATIONS:
            runs = [r for r in rows if r["scale"] == scale and r["validation"] == validation]
            for kind in ("full", "one"):
                builds = [r[kind] for r in runs if kind in r]
                if not builds:
                    continue
                cells = [_median([_step_time(b, key) for b in builds]) for _, key in STEP_COLUMNS]
                out.append(
                    f"| ×{scale} | {validation} | {kind} | "
                    + " | ".join(f"{v:.1f}" for v in cells)
                    + f" | {builds[-1]['reused']} / {builds[-1]['mapped']} |"
                )
    out += ["", "Per-round figures (JSON): see the run's `rows.json`.", ""]
    return "\n".join(out)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        kind, *rest = sys.argv[2:]
        if kind == "build":
            project, store, mode, validation, progress = rest
            result = child_build(Path(project), Path(store), mode == "full", validation, Path(progress))
            print(json.dumps(result))
        else:
            print(json.dumps(child_floor(Path(rest[0]), Path(rest[1]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,10,40")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--large-rounds", type=int, default=1, help="rounds at scales above ×10")
    ap.add_argument("--validation", default="compiled", help="comma-separated: " + ", ".join(VALIDATIONS))
    ap.add_argument("--interim-up-to", type=int, default=1, help="largest scale run with pyshacl (or interim)")
    ap.add_argument("--full-only", action="store_true", help="full builds only: no one-record build, no floor")
    ap.add_argument("--report", type=Path, default=None, help="only write the report of this rows.json")
    ap.add_argument("--output", type=Path, default=None, help="write the Markdown report here")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="modgraph-build-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.report:
        rows = json.loads(args.report.read_text())
    else:
        rows = run(
            [int(s) for s in args.scales.split(",")],
            args.rounds,
            args.large_rounds,
            args.validation.split(","),
            args.interim_up_to,
            workdir,
            args.full_only,
        )
    text = report(rows, "python benchmarks/build_bench.py " + " ".join(sys.argv[1:]))
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
