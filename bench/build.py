#!/usr/bin/env python3
"""Build benchmark: knead (and Hugo, when it is installed) on the same synthetic site.

Generates the corpus with ../shared/bench/gencorpus.py (knead and hugo flavors), builds each
site once to warm up, then RUNS more times, knead and Hugo taking turns, and prints wall time,
CPU time and peak memory: the median and the min-max. Sites live on tmpfs (/dev/shm) to keep the disk out of the figures.

    python3 bench/build.py [--pages 1000,10000,100000] [--runs 5] [--quick]

Sites of 50,000 articles or more are built once, after the warm-up, and without Hugo: they show
how cost grows, which the last lines print as CPU time per 1,000 articles for each size.
--quick builds 200 pages twice: a smoke check that the command still works, not a measurement.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENCORPUS = Path(os.environ.get("KNEAD_GENCORPUS", REPO.parent / "shared" / "bench" / "gencorpus.py"))
WORK = Path(os.environ.get("KNEAD_BENCH_DIR", "/dev/shm/knead-bench" if Path("/dev/shm").is_dir() else "/tmp/knead-bench"))


def corpus(flavor: str, pages: int) -> Path:
    folder = WORK / f"{flavor}-{pages}"
    if not folder.exists():
        subprocess.run([sys.executable, str(GENCORPUS), "--flavor", flavor, "--pages", str(pages), "--out", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def timed(command: list, cwd: Path) -> tuple:
    """Runs a command under /usr/bin/time; returns (wall s, cpu s, peak MiB, user s, system s)."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *command], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    user, system, kib = result.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(kib) / 1024, float(user), float(system)


def measure(commands: dict, runs: int) -> dict:
    """Times each command RUNS times after a warm-up, taking turns (knead, hugo, knead, ...) so
    that both see the same moments of a machine whose speed changes from minute to minute."""
    for command, cwd in commands.values():
        timed(command, cwd)  # warm-up: file cache, first-run effects
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, cwd) in commands.items():
            samples[name].append(timed(command, cwd))
    figures = {}
    for name, rows in samples.items():
        column = lambda i: [row[i] for row in rows]
        figures[name] = {key: (statistics.median(column(i)), min(column(i)), max(column(i)))
                         for i, key in enumerate(["wall", "cpu", "memory", "user", "system"])}
    return figures


def show(label: str, figures: dict) -> str:
    wall, cpu, memory = figures["wall"], figures["cpu"], figures["memory"]
    return (f"{label:<8} wall {wall[0]:6.2f} s ({wall[1]:.2f}-{wall[2]:.2f})   "
            f"cpu {cpu[0]:6.2f} s   cpu/wall {cpu[0] / wall[0]:4.2f}   peak {memory[0]:7.0f} MiB ({memory[1]:.0f}-{memory[2]:.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [200] if args.quick else [int(p) for p in args.pages.split(",")]
    runs = 1 if args.quick else args.runs

    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    knead = REPO / "target" / "release" / "knead"
    hugo = shutil.which("hugo")
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; median of {runs} after a warm-up; sites in {WORK}")
    growth = []
    for pages in sizes:
        print(f"\n== {pages:,} articles ==")
        site = corpus("knead", pages)
        output = WORK / f"knead-{pages}-public"
        stress = pages >= 50_000
        commands = {"knead": ([str(knead), "build", "--root", str(site), "--output", str(output)], site)}
        with_hugo = hugo and not args.quick and not stress
        if with_hugo:
            hugo_site = corpus("hugo", pages)
            commands["hugo"] = ([hugo, "--minify", "--quiet"], hugo_site)
        figures = measure(commands, 1 if stress else runs)
        knead_figures = figures["knead"]
        print(show("knead", knead_figures))
        growth.append((pages, knead_figures["cpu"][0], knead_figures["memory"][0],
                       knead_figures["user"][0], knead_figures["system"][0]))
        if stress:
            shutil.rmtree(output, ignore_errors=True)
        if with_hugo:
            print(show("hugo", figures["hugo"]))
            ratio = knead_figures["wall"][0] / figures["hugo"]["wall"][0]
            print(f"knead/hugo wall time: {ratio:.2f}")
        elif not args.quick and not stress:
            print("hugo     not installed (apt-get install hugo) - skipped")
    if len(growth) > 1:
        print("\n== growth (linear when the per-1,000 figures stay flat) ==")
        # User time is knead's own work; system time is the kernel's: mostly providing memory
        # pages and writing files.
        for pages, cpu, memory, user, system in growth:
            per = 1000 / pages
            print(f"{pages:>9,} articles: {cpu * per:6.3f} CPU-s (user {user * per:.3f}, system {system * per:.3f}) "
                  f"and {memory * per:6.1f} MiB per 1,000 articles")


if __name__ == "__main__":
    main()
