"""Side-by-side benchmarks of the simli_api facade against the raw transports it sits on.

    python benchmarks/run.py [--rounds N] [--quick] [--only CASE ...] [--json PATH]

Starts benchmarks/server.py in its own process on 127.0.0.1, runs every case's contenders
interleaved (A, B, B, A, ...) over several rounds, and prints one table of medians, ratios,
targets and PASS/MISS. The same figures go to .bench/results.json (or --json PATH).
Nothing here touches the internet; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import gc
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases

ROOT = cases.ROOT
DEFAULT_JSON = ROOT / ".bench" / "results.json"
CASES = ("sync", "async", "import", "regenerate", "drift", "realtime")


@dataclass
class Row:
    """One line of the table: a measured ratio (or a plain figure) and its target."""

    case: str
    measure: str
    figures: dict[str, float]
    unit: str
    ratio: float | None = None
    ratio_of: str = ""
    target: str = ""
    passed: bool | None = None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)


def median(values: list[float]) -> float:
    return statistics.median(values)


def alternate(names: list[str], round_index: int) -> list[str]:
    """The contenders' order for a round: forwards on even rounds, backwards on odd ones."""
    return names if round_index % 2 == 0 else names[::-1]


# --------------------------------------------------------------------------- server


class Server:
    """benchmarks/server.py in a child process; stops when the runner closes its stdin or exits."""

    def __init__(self, seconds: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("server.py")), "--seconds", str(seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != "READY":
            self.process.kill()
            raise RuntimeError(f"benchmark server did not start: {line}")
        self.base_url = f"http://127.0.0.1:{line[1]}"

    def stop(self) -> int:
        """Stop the server; returns how many requests it answered."""
        try:
            out, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return -1
        for line in out.splitlines():
            if line.startswith("SERVED "):
                return int(line.split()[1])
        return -1


# --------------------------------------------------------------------------- sync


def bench_sync(base_url: str, blocks: int, calls: int) -> list[Row]:
    """facade vs raw httpx, one call at a time, in ``blocks`` short interleaved blocks of ``calls`` calls.

    A call takes about half a millisecond, most of it the network round trip, and the facade's
    own work is a few per cent of that: smaller than the drift of a shared 2-core machine over a
    few seconds. So the contenders alternate in short blocks, and the ratio is the median of the
    per-block ratios (each block of one contender against its neighbour of the other), which
    cancels drift that a ratio of two medians would keep.
    """
    contenders = cases.sync_contenders(base_url)
    by_name = {c.name: c for c in contenders}
    samples: dict[str, list[float]] = {c.name: [] for c in contenders}
    for contender in contenders:  # warm up: connections open, caches filled
        for _ in range(min(200, calls)):
            contender.call()
    gc.collect()
    for block in range(blocks):
        for name in alternate(list(by_name), block):
            call = by_name[name].call
            started = time.perf_counter()
            for _ in range(calls):
                call()
            samples[name].append((time.perf_counter() - started) / calls * 1e6)
    for contender in contenders:
        contender.close()
    medians = {name: median(values) for name, values in samples.items()}
    paired = median([facade / raw for facade, raw in zip(samples["facade"], samples["httpx"], strict=True)])
    return [
        Row(
            "sync sequential",
            "µs/call",
            medians,
            "µs/call",
            paired,
            "facade / httpx, median of paired blocks",
            "≤ 1.05",
            paired <= 1.05,
            note=f"{blocks} blocks of {calls} calls each",
            samples=samples,
        )
    ]


# --------------------------------------------------------------------------- async


async def _drive(call: Callable[[], Any], in_flight: int, calls: int) -> float:
    """Calls per second with ``in_flight`` workers sharing ``calls`` calls."""
    counter = iter(range(calls))

    async def worker() -> None:
        for _ in counter:
            await call()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return calls / (time.perf_counter() - started)


async def _bench_async(base_url: str, rounds: int, seconds: float, levels: tuple[int, ...]) -> list[Row]:
    contenders = await cases.async_contenders(base_url)
    by_name = {c.name: c for c in contenders}
    rows = []
    facade_by_level: dict[int, float] = {}
    for level in levels:
        samples: dict[str, list[float]] = {name: [] for name in by_name}
        calls: dict[str, int] = {}
        for contender in contenders:
            # Warm up at this level (opens the connections it needs), then size each round to
            # take about ``seconds``: slow contenders do fewer calls, never fewer than 200.
            await _drive(contender.call, level, max(level * 2, 100))
            rate = await _drive(contender.call, level, max(level * 2, 200))
            calls[contender.name] = int(min(max(rate * seconds, 200), 20_000))
        for round_index in range(rounds):
            for name in alternate(list(by_name), round_index):
                gc.collect()
                samples[name].append(await _drive(by_name[name].call, level, calls[name]))
        medians = {name: median(values) for name, values in samples.items()}
        facade_by_level[level] = medians["facade"]
        ratio = medians["facade"] / medians["aiohttp"]
        target = 0.8 if level == 100 else None
        rows.append(
            Row(
                f"async {level} in flight",
                "calls/s",
                medians,
                "calls/s",
                ratio,
                "facade / aiohttp throughput",
                "≥ 0.80" if target else "(info)",
                (ratio >= target) if target else None,
                note=f"facade/httpx-aiohttp / aiohttp {medians['facade/httpx-aiohttp'] / medians['aiohttp']:.2f}x",
                samples=samples,
            )
        )
        fallback = medians["facade/httpx"] / medians["httpx"]
        rows.append(
            Row(
                f"async fallback {level} in flight",
                "calls/s",
                {name: medians[name] for name in ("facade/httpx", "httpx")},
                "calls/s",
                fallback,
                "facade/httpx / httpx throughput",
                "≥ 1.00" if target else "(info)",
                (fallback >= 1.0) if target else None,
            )
        )
    for contender in contenders:
        await contender.close()
    if 1 in facade_by_level and 100 in facade_by_level:
        ratio = facade_by_level[100] / facade_by_level[1]
        rows.append(
            Row(
                "async scaling",
                "facade calls/s",
                {"facade@100": facade_by_level[100], "facade@1": facade_by_level[1]},
                "calls/s",
                ratio,
                "facade@100 / facade@1",
                "≥ 1.00",
                ratio >= 1.0,
            )
        )
    return rows


def bench_async(base_url: str, rounds: int, seconds: float) -> list[Row]:
    return asyncio.run(_bench_async(base_url, rounds, seconds, (1, 10, 100)))


PROFILE_LAYERS = (
    ("simli_api/_aiohttp", "aiohttp route (simli_api._aiohttp)"),
    ("/aiohttp/", "aiohttp client, parser and pool"),
    ("/yarl/", "yarl, multidict (aiohttp's URL and headers)"),
    ("/multidict/", "yarl, multidict (aiohttp's URL and headers)"),
    ("simli_api_client/", "generated client (simli_api_client)"),
    ("simli_api/", "facade's own work (simli_api)"),
    ("/httpx/", "httpx client, Request, Response"),
    ("/asyncio/", "asyncio event loop, socket reads and writes"),
    ("/attr/", "attrs"),
)


def _layer(path: str | None) -> str | None:
    """The layer a source file belongs to; None for anything else (stdlib, built-ins)."""
    for marker, name in PROFILE_LAYERS:
        if path and marker in path:
            return name
    return None


def profile_facade(base_url: str, output: Path, calls: int = 5000) -> str:
    """Profile ``calls`` facade calls at 100 in flight with pyinstrument; returns self time per layer.

    The full call tree goes to ``output``.
    """
    from pyinstrument import Profiler
    from pyinstrument.frame import SELF_TIME_FRAME_IDENTIFIER as SELF_TIME

    layers: dict[str, float] = {}

    async def run() -> None:
        contenders = await cases.async_contenders(base_url)
        facade = contenders[0]
        await _drive(facade.call, 100, 500)
        profiler = Profiler(async_mode="disabled")
        profiler.start()
        await _drive(facade.call, 100, calls)
        session = profiler.stop()
        for contender in contenders:
            await contender.close()
        # Self time per layer; the stdlib and built-ins count for the layer that called them.
        root = session.root_frame()
        stack = [(root, "benchmark loop")] if root is not None else []
        while stack:
            frame, caller = stack.pop()
            name = _layer(frame.file_path) or caller
            stack.extend((child, name) for child in frame.children if child.identifier != SELF_TIME)
            if frame.total_self_time:
                layers[name] = layers.get(name, 0.0) + frame.total_self_time
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(profiler.output_text(show_all=True))

    asyncio.run(run())
    total = sum(layers.values()) or 1.0
    lines = [f"where the facade's time goes at 100 in flight (pyinstrument, {calls} calls; tree in {output}):"]
    for name, seconds in sorted(layers.items(), key=lambda item: -item[1]):
        lines.append(f"  {seconds / total:6.1%}  {name}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- subprocess cases


def _interleaved(commands: dict[str, list[str]], rounds: int, cwd: Path) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_index in range(rounds):
        for name in alternate(list(commands), round_index):
            samples[name].append(cases.run_command(commands[name], cwd))
    return samples


def bench_import(rounds: int) -> list[Row]:
    commands = cases.import_commands()
    for command in commands.values():  # warm the OS file cache and byte-code caches
        cases.run_command(command, ROOT)
    samples = _interleaved(commands, rounds, ROOT)
    medians = {name: median(values) * 1000 for name, values in samples.items()}
    target_pair = {name: medians[name] for name in ("simli_api", "httpx")}
    first_use = {name: medians[name] for name in ("from simli_api import Simli", "httpx")}
    return [
        _at_most("cold import", target_pair, "ms", ("simli_api", "httpx"), limit=1.3, samples=samples),
        Row(
            "cold import, first use",
            "ms",
            first_use,
            "ms",
            first_use["from simli_api import Simli"] / first_use["httpx"],
            "from simli_api import Simli / httpx",
            "(info)",
            None,
            "the clients load on first use",
        ),
    ]


def bench_regenerate(rounds: int) -> list[Row]:
    with cases.repo_copy() as repo, tempfile.TemporaryDirectory(prefix="simli-bench-out-") as out:
        commands = cases.regeneration_commands(repo, Path(out) / "client")
        samples = _interleaved(commands, rounds, repo)
    medians = {name: median(values) for name, values in samples.items()}
    pair = ("generate.py", "openapi-python-client")
    return [_at_most("regeneration", medians, "s", pair, limit=1.5, samples=samples)]


# --------------------------------------------------------------------------- drift


def bench_drift(rounds: int, sizes: tuple[int, ...] = (500, 2000, 8000)) -> list[Row]:
    """The semantic diff (``simli_pipeline.diff.compare.diff``) on synthetic documents of growing size.

    Target: the largest against the next, at most 1.125x their size ratio (4.5 for 8,000 / 2,000 operations).
    """
    if len(sizes) < 2:
        raise ValueError("bench_drift compares two sizes at least")
    diff = _spec_diff()
    pairs = cases.synthetic_pairs(sizes)
    diff(pairs[0].old, pairs[0].new)  # warm up
    samples: dict[str, list[float]] = {str(size): [] for size in sizes}
    for round_index in range(rounds):
        for pair in pairs if round_index % 2 == 0 else pairs[::-1]:
            gc.collect()
            started = time.perf_counter()
            diff(pair.old, pair.new)
            samples[str(pair.operations)].append(time.perf_counter() - started)
    medians = {f"{size} ops": median(samples[str(size)]) for size in sizes}
    larger, smaller = sizes[-1], sizes[-2]
    limit = 1.125 * larger / smaller
    return [_at_most("drift", medians, "s", (f"{larger} ops", f"{smaller} ops"), limit=limit, samples=samples)]


def _at_most(
    case: str,
    medians: dict[str, float],
    unit: str,
    pair: tuple[str, str],
    *,
    limit: float,
    samples: dict[str, list[float]] | None = None,
) -> Row:
    """A row whose ratio ``medians[pair[0]] / medians[pair[1]]`` must be at most ``limit``."""
    ratio = medians[pair[0]] / medians[pair[1]]
    label = f"{pair[0]} / {pair[1]}"
    return Row(case, unit, medians, unit, ratio, label, f"≤ {limit:.2f}", ratio <= limit, samples=samples or {})


def _spec_diff() -> Callable[[dict[str, Any], dict[str, Any]], object]:
    """The drift check's in-process diff of two parsed documents (what ``scripts/spec_diff.py`` reports on)."""
    if str(cases.SCRIPTS) not in sys.path:
        sys.path.insert(0, str(cases.SCRIPTS))
    from simli_pipeline.diff.compare import diff

    return diff


# --------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}"


def table(rows: list[Row]) -> str:
    lines = [
        "| case | figures (median) | ratio | target | result |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        figures = ", ".join(f"{name} {_fmt(value)}" for name, value in row.figures.items())
        figures = f"{figures} {row.unit}" if figures else "—"
        ratio = f"{row.ratio:.2f}x ({row.ratio_of})" if row.ratio is not None else "—"
        if row.passed is None:
            result = row.note or "info"
        else:
            result = "PASS" if row.passed else "MISS"
            if row.note:
                result += f"; {row.note}"
        lines.append(f"| {row.case} | {figures} | {ratio} | {row.target or '—'} | {result} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds per case (default 7)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls (a smoke run; noisy)")
    parser.add_argument("--only", nargs="+", choices=CASES, default=list(CASES), help="run only these cases")
    parser.add_argument(
        "--profile", action="store_true", help="also profile the facade at 100 in flight (pyinstrument)"
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"results file (default {DEFAULT_JSON})")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else args.rounds
    sync_blocks, sync_calls, async_seconds = (rounds * 4, 100, 0.15) if args.quick else (rounds * 8, 250, 0.6)

    info = machine()
    print(f"machine: {info['cores']} cores, {info['cpu']}, Python {info['python']}, {info['date']}", flush=True)
    rows: list[Row] = []
    served = None
    if "sync" in args.only or "async" in args.only:
        server = Server(seconds=1800)
        try:
            if "sync" in args.only:
                rows += bench_sync(server.base_url, sync_blocks, sync_calls)
                print(table(rows[-1:]).splitlines()[-1], flush=True)
            if "async" in args.only:
                rows += bench_async(server.base_url, rounds, async_seconds)
                print("\n".join(table(rows[-7:]).splitlines()[2:]), flush=True)
            if args.profile:
                print(profile_facade(server.base_url, args.json.parent / "profile.txt"), flush=True)
        finally:
            served = server.stop()
    if "import" in args.only:
        rows += bench_import(max(rounds * 3, 15))
        print("\n".join(table(rows[-2:]).splitlines()[-2:]), flush=True)
    if "regenerate" in args.only:
        rows += bench_regenerate(min(rounds, 5))
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    if "drift" in args.only:
        rows += bench_drift(rounds)
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    if "realtime" in args.only:
        import realtime_case  # its own module: the session and raw websockets through the local realtime server

        rows += [Row(**fields) for fields in realtime_case.rows(rounds, quick=args.quick)]
        print("\n".join(table(rows[-2:]).splitlines()[-2:]), flush=True)

    print()
    print(f"Measured on {info['cores']} cores, {info['cpu']}, Python {info['python']}, {info['date']}")
    if served is not None:
        print(f"(server answered {served} requests)")
    print()
    print(table(rows))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"machine": info, "rounds": rounds, "rows": [asdict(row) for row in rows]}, indent=2) + "\n"
    )
    print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
