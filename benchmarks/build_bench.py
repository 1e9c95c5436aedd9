"""Build benchmark: full build, one-record incremental build and the engine's floor, on synthetic projects.

    nice python benchmarks/build_bench.py [--scales 1,10,40] [--rounds 2] [--large-rounds 1]
        [--validation skip,interim] [--interim-up-to 1] [--output benchmarks/BUILD.md] [--workdir DIR]

For each scale a project of that many copies of the corpus is made (``benchmarks/synthetic.py``); then,
per round, interleaved, each in a fresh child process (wall time, and peak RSS of that child alone
from ``os.wait4``):

- **floor**: a raw pyoxigraph ``bulk_load`` of the build's N-Quads (the named graphs of its dump) into an
  empty on-disk store; and of the named graphs plus the union default graph (what a build stores)
- **full build** (``build_graph(full=True)``) into a fresh store
- **one-record build**: one record's label changed in one document, then an (incremental) build on top

Validation: ``interim`` is the real build with the interim ``validate_store`` (pyshacl on an rdflib copy
of the data); ``skip`` replaces ``validate_store`` in the child by a stub returning a conforming empty
report, so that the build's other steps are measured alone — the validation step's time is then the
``validation`` column of the interim runs (step times come from the build's own step callback).
``--interim-up-to`` limits the interim runs to small scales and to the first round (pyshacl is far too
slow beyond); ``--large-rounds`` is the number of rounds above ×10. ``--report ROWS`` rewrites the
report from a ``rows.json`` of an earlier (or stopped) run.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_project  # noqa: E402

#: the record changed by the one-record build (document file, its first label line)
CHANGED_FILE = "zov-2017.yaml"


def _child(args: list[str]) -> dict:
    """Run this script's child mode; → its JSON result, with ``wall`` and ``peak_rss_mb`` of the child."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "child", *args], stdout=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed ({proc.returncode})")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result.update(wall=wall, peak_rss_mb=usage.ru_maxrss / 1024)
    return result


def child_build(project: Path, store: Path, full: bool, validation: str) -> dict:
    from modgraph.pipeline import build as build_module
    from modgraph.pipeline.validation import ValidationReport
    from modgraph.settings import Settings

    if validation == "skip":

        def stub(*_args, **_kw):
            from rdflib import Graph

            return ValidationReport(True, [], Graph())

        build_module.validate_store = stub  # type: ignore[assignment]
    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    last = ["start", t0]

    def step(name: str) -> None:
        now = time.perf_counter()
        steps[str(last[0])] = now - float(last[1])
        last[:] = [name, now]

    settings = Settings.load(project).with_overrides(store=store)
    built, result = build_module.build_graph(settings, step, full=full)
    step("end")
    steps.pop("start", None)
    return {"steps": steps, "triples": built.info.triples, "reused": len(result.reused), "mapped": len(result.mapped)}


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
    scales: list[int], rounds: int, large_rounds: int, validations: list[str], interim_up_to: int, workdir: Path
) -> list[dict]:
    """Every measurement, appended to ``workdir/rows.json`` as it is made (a long run can be stopped)."""
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
                if validation == "interim" and (scale > interim_up_to or r > 0):
                    continue  # the interim validation: one round, small scales (see the module docstring)
                store = workdir / f"x{scale}-{validation}-{r}"
                full = _child(["build", str(project), str(store), "full", validation])
                print(
                    f"×{scale} round {r} {validation}: full {full['wall']:.1f} s {full['peak_rss_mb']:.0f} MB",
                    flush=True,
                )
                if inputs is None:
                    inputs = floor_inputs(store, workdir / f"x{scale}")
                changes += 1  # a new label each time: every one-record build has a change to map
                change_one_record(project, changes)
                one = _child(["build", str(project), str(store), "incremental", validation])
                print(f"×{scale} round {r} {validation}: one record {one['wall']:.1f} s", flush=True)
                rows.append({"scale": scale, "round": r, "validation": validation, "full": full, "one": one})
                log.write_text(json.dumps(rows, indent=2))
            for kind, path in zip(("floor-named", "floor-all"), inputs or (), strict=False):
                floor = _child(["floor", str(path), str(workdir / f"x{scale}-{kind}-{r}")])
                print(f"×{scale} round {r} {kind}: {floor['wall']:.1f} s {floor['peak_rss_mb']:.0f} MB", flush=True)
                rows.append({"scale": scale, "round": r, "validation": kind, "floor": floor})
                log.write_text(json.dumps(rows, indent=2))
    return rows


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(rows: list[dict], command: str) -> str:
    out = [
        "# Build benchmark (synthetic projects: N copies of the corpus)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; shared with other work: compare ratios within one run.",
        "",
        "Wall times are of the whole child process (interpreter start included), medians over the rounds;",
        "peak RSS is the child's `ru_maxrss`. `skip`: validation replaced by a stub (the build without its",
        "validation step); `interim`: the real build with the interim pyshacl `validate_store`.",
        "",
        "| scale | quads (named graphs) | validation | full build s | peak MB | one-record build s | one / full "
        "| floor bulk_load s (named / +default) | floor peak MB (named / +default) | full / floor(+default) "
        "| peak / floor peak(+default) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    scales = sorted({r["scale"] for r in rows})
    for scale in scales:
        floors = {
            k: [r["floor"] for r in rows if r["scale"] == scale and r["validation"] == k]
            for k in ("floor-named", "floor-all")
        }
        fl_t = {k: _median([f["wall"] for f in v]) for k, v in floors.items()}
        fl_m = {k: _median([f["peak_rss_mb"] for f in v]) for k, v in floors.items()}
        quads = floors["floor-named"][0]["quads"] if floors["floor-named"] else 0
        for validation in ("skip", "interim"):
            runs = [r for r in rows if r["scale"] == scale and r["validation"] == validation]
            if not runs:
                continue
            full = _median([r["full"]["wall"] for r in runs])
            peak = _median([r["full"]["peak_rss_mb"] for r in runs])
            one = _median([r["one"]["wall"] for r in runs])
            out.append(
                f"| ×{scale} | {quads} | {validation} | {full:.1f} | {peak:.0f} | {one:.1f} | {one / full:.2f} "
                f"| {fl_t['floor-named']:.1f} / {fl_t['floor-all']:.1f} | {fl_m['floor-named']:.0f} / "
                f"{fl_m['floor-all']:.0f} | {full / fl_t['floor-all']:.1f} | {peak / fl_m['floor-all']:.1f} |"
            )
    out += [
        "",
        "Steps (median seconds; the step callback's phases: `records` = load and check the records, "
        "`mapping` = map or copy each document graph and load it, `validation`, `store` = count, build.json, "
        "dumps, catalogue, VoID, sitemap, `publish`):",
        "",
    ]
    out.append("| scale | validation | build | records | mapping | validation | store | publish | reused / mapped |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for scale in scales:
        for validation in ("skip", "interim"):
            runs = [r for r in rows if r["scale"] == scale and r["validation"] == validation]
            for kind in ("full", "one"):
                if not runs:
                    continue
                steps = {
                    s: _median([r[kind]["steps"].get(s, 0.0) for r in runs])
                    for s in ("records", "mapping", "validation", "store", "publish")
                }
                last = runs[-1][kind]
                out.append(
                    f"| ×{scale} | {validation} | {kind} | "
                    + " | ".join(f"{v:.1f}" for v in steps.values())
                    + f" | {last['reused']} / {last['mapped']} |"
                )
    out += ["", "Per-round figures (JSON): see the run's log.", ""]
    return "\n".join(out)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        kind, *rest = sys.argv[2:]
        if kind == "build":
            project, store, mode, validation = rest
            print(json.dumps(child_build(Path(project), Path(store), mode == "full", validation)))
        else:
            print(json.dumps(child_floor(Path(rest[0]), Path(rest[1]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,10,40")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--large-rounds", type=int, default=1, help="rounds at scales above ×10")
    ap.add_argument("--validation", default="skip,interim", help="comma-separated: skip, interim")
    ap.add_argument("--interim-up-to", type=int, default=1, help="largest scale run with the interim validation")
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
        )
    text = report(rows, "python benchmarks/build_bench.py " + " ".join(sys.argv[1:]))
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
