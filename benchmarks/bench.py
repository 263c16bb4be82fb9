"""Benchmark our site against bare Pelican and Hugo on the same synthetic corpus.

    .venv/bin/python benchmarks/bench.py                      # 1,000 essays, 3 rounds
    .venv/bin/python benchmarks/bench.py --sizes 1000,10000
    .venv/bin/python benchmarks/bench.py --profile cprofile   # where our build spends its time

For each size it generates (or reuses) a corpus under benchmarks/corpora/,
then builds it cold with each tool in turns (ours, bare, hugo, ours, bare,
hugo, ...), every build in its own wrapper process (measure.py) that reports
wall time and peak memory. Then it times the author's loop (authorloop.py)
on the first size's corpus, measures the reader's side (readerside.py) on
the project's own content, and times the import of a WordPress export of a
long-lived blog (wxr_export.py; 3,000 posts, 30,000 comments by default). It prints a Markdown table and writes every
figure to benchmarks/results/ as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import corpus as corpus_generator
import wxr_export
from authorloop import (PELICAN_SERVE_COMMAND, READY_PATTERN, SERVE_COMMAND, ServerError,
                        run_author_loop)
from builds import REPO, TOOLS, tool
from readerside import run_reader_side
from report import machine, markdown, summarise

BENCH = REPO / "benchmarks"
CORPORA = BENCH / "corpora"
RESULTS = BENCH / "results"
BUILD_TIMEOUT = 3600


def ensure_corpus(essays: int, replies: int, seed: int) -> Path:
    """The corpus for these parameters, generated once and reused while the generator is unchanged."""
    target = CORPORA / f"{essays}-essays-{replies}-replies-seed-{seed}"
    manifest = target / "corpus.json"
    if manifest.is_file():
        if json.loads(manifest.read_text())["generator_version"] == corpus_generator.GENERATOR_VERSION:
            return target
    print(f"Generating {essays:,} essays with {replies} replies each in {target} ...", flush=True)
    corpus_generator.generate(target, essays, replies, seed)
    return target


def check_output(output: Path, corpus: Path) -> str | None:
    """A build that exits 0 must also have written the essays' pages."""
    essays = json.loads((corpus / "corpus.json").read_text())["files"]
    for essay in (essays[0], essays[-1]):
        page = output / essay["slug"] / "index.html"
        if not page.is_file():
            return f"exited 0 but wrote no page for {essay['path']} ({page} is missing)"
    return None


def output_stats(output: Path) -> dict:
    files = [p for p in output.rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def tail(path: Path, lines: int = 15) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip()][-lines:]


def build_once(build, corpus: Path, work: Path, round_: int) -> dict:
    output = work / f"out-{build.name}"
    # Cold: nothing left from an earlier round, neither output nor cache.
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(work / f"cache-{build.name}", ignore_errors=True)
    # Flush the previous build's dirty pages now, not during this build's timing.
    os.sync()
    log = work / f"{build.name}-round{round_}.log"
    argv = build.command(corpus, output, work)
    proc = subprocess.run(
        [sys.executable, str(BENCH / "measure.py"), str(log), "--", *argv],
        cwd=work, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
        # Wide enough that Pelican's log keeps each message on one line.
        env={**os.environ, "COLUMNS": "200"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"measure.py failed: {proc.stderr.strip()}")
    run = json.loads(proc.stdout)
    if run["returncode"] != 0:
        run["log_tail"] = tail(log)
        run["error"] = f"exit status {run['returncode']}: {run['log_tail'][-1] if run['log_tail'] else ''}"
    else:
        problem = check_output(output, corpus)
        if problem:
            run["error"] = problem
        else:
            run.update(output_stats(output))
    return run


def bench_size(size: int, args, work: Path) -> dict:
    corpus = ensure_corpus(size, args.replies, args.seed)
    runs: dict[str, list[dict]] = {name: [] for name in args.tools}
    failed: dict[str, dict] = {}
    for round_ in range(1, args.rounds + 1):
        for name in args.tools:
            if name in failed:
                continue
            run = build_once(tool(name), corpus, work, round_)
            if "error" in run:
                failed[name] = run
                print(f"  {size:>6} essays  {name:<5} round {round_}: FAILED {run['error']}", flush=True)
                print("        " + "\n        ".join(run.get("log_tail", [])), flush=True)
                continue
            runs[name].append(run)
            print(f"  {size:>6} essays  {name:<5} round {round_}: {run['wall_s']:6.2f} s "
                  f"({run['cpu_s']:.2f} s CPU) {run['peak_rss_mib']:7.1f} MiB  {run['files']} files",
                  flush=True)
    by_tool = {}
    for name in args.tools:
        if name in failed:
            by_tool[name] = {"error": failed[name]["error"], "log_tail": failed[name].get("log_tail"),
                             "runs": runs[name]}
        else:
            by_tool[name] = {"summary": summarise(runs[name]), "runs": runs[name]}
    return by_tool


def bench_import(args, work: Path) -> dict:
    """One import of a synthetic long-lived blog (wxr_export.py) into an empty content folder."""
    export = CORPORA / f"wxr-{args.import_posts}-posts-{args.import_comments}-comments-seed-{args.seed}.xml"
    if not export.is_file():
        CORPORA.mkdir(parents=True, exist_ok=True)
        print(f"Generating a WordPress export of {args.import_posts:,} posts and "
              f"{args.import_comments:,} comments in {export} ...", flush=True)
        wxr_export.generate(export, args.import_posts, args.import_comments, args.seed)
    content = work / "wp-content"
    shutil.rmtree(content, ignore_errors=True)
    log = work / "wordpress-import.log"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "measure.py"), str(log), "--", sys.executable, "-m",
         "pelican.plugins.wordpress_import", str(export), "--content", str(content),
         "--settings", str(REPO / "pelicanconf.py")],
        cwd=work, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
        env={**os.environ, "COLUMNS": "200"})
    if proc.returncode != 0:
        raise RuntimeError(f"measure.py failed: {proc.stderr.strip()}")
    run = json.loads(proc.stdout)
    run.update(posts=args.import_posts, comments=args.import_comments,
               command="python -m pelican.plugins.wordpress_import")
    if run["returncode"] != 0:
        run["error"] = f"exit status {run['returncode']}: {' '.join(tail(log)[-1:])}"
    print(f"  import: {run['wall_s']:.2f} s ({run['cpu_s']:.2f} s CPU) "
          f"{run['peak_rss_mib']:.0f} MiB", flush=True)
    return run


def profile_ours(size: int, args, work: Path) -> None:
    """Run our build once under a profiler and save the report in benchmarks/results/."""
    corpus = ensure_corpus(size, args.replies, args.seed)
    argv = TOOLS["ours"].command(corpus, work / "out-ours", work)
    pelican_args = argv[3:]  # after "python -m pelican"
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.profile == "cprofile":
        stats = RESULTS / f"profile-ours-{size}.pstats"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "pelican",
                        *pelican_args], cwd=work, check=True)
        report = RESULTS / f"profile-ours-{size}.txt"
        with open(report, "w", encoding="utf-8") as out:
            import pstats

            for order in ("cumulative", "tottime"):
                pstats.Stats(str(stats), stream=out).sort_stats(order).print_stats(40)
    else:
        report = RESULTS / f"profile-ours-{size}.html"
        subprocess.run([sys.executable, "-m", "pyinstrument", "-r", "html", "-o", str(report),
                        "-m", "pelican", *pelican_args], cwd=work, check=True)
    print(f"Profile of our build at {size:,} essays: {report}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000",
                        help="comma-separated corpus sizes in essays (default 1000; try 1000,10000)")
    parser.add_argument("--rounds", type=int, default=3, help="cold builds per tool and size (default 3)")
    parser.add_argument("--replies", type=int, default=3, help="archived replies per essay (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--tools", default="ours,bare,hugo",
                        help=f"comma-separated, from {', '.join(TOOLS)} and ours-without-<plugin> "
                             "(our site minus one plugin; default: ours,bare,hugo)")
    parser.add_argument("--edits", type=int, default=5,
                        help="essay edits timed in the author's loop; 0 skips it (default 5)")
    parser.add_argument("--serve-command", default=SERVE_COMMAND,
                        help="dev server command for the author's loop; placeholders {python}, {repo}, "
                             "{content}, {settings}, {output}, {port} (default: the fast_build dev "
                             "server of `invoke serve`; 'pelican' for pelican --autoreload --listen)")
    parser.add_argument("--ready-pattern", default=READY_PATTERN,
                        help="regex the dev server logs after each build (default: 'Done: ', which "
                             "both servers log)")
    parser.add_argument("--reader-page", default="/mutual-learning/",
                        help="page of the project's own site for the reader's side; '' skips it")
    parser.add_argument("--import-posts", type=int, default=3000,
                        help="posts in the WordPress export whose import is timed; 0 skips it "
                             "(default 3000)")
    parser.add_argument("--import-comments", type=int, default=30000,
                        help="comments in that export (default 30000)")
    parser.add_argument("--profile", choices=["cprofile", "pyinstrument"],
                        help="instead of benchmarking, profile one build of our site at the first size")
    parser.add_argument("--work-dir", type=Path,
                        help="where builds write their output (default: the system's temp folder; "
                             "/dev/shm takes the disk out of the measurement)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (outputs and logs)")
    args = parser.parse_args(argv)
    if args.serve_command == "pelican":
        args.serve_command = PELICAN_SERVE_COMMAND
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for name in args.tools:
        try:
            tool(name)
        except KeyError:
            parser.error(f"unknown tool {name}: choose from {', '.join(TOOLS)} or ours-without-<plugin>")
    if not args.sizes or args.rounds < 1:
        parser.error("--sizes needs at least one size and --rounds must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=args.work_dir))
    try:
        if args.profile:
            profile_ours(args.sizes[0], args, work)
            return 0
        results = {"machine": machine(work), "rounds": args.rounds, "seed": args.seed,
                   "replies": args.replies, "builds": {}}
        for size in args.sizes:
            results["builds"][str(size)] = bench_size(size, args, work)
        if args.edits:
            corpus = ensure_corpus(args.sizes[0], args.replies, args.seed)
            print(f"Author's loop on {args.sizes[0]:,} essays ...", flush=True)
            try:
                loop = run_author_loop(corpus, work, edits=args.edits, command=args.serve_command,
                                       ready_pattern=args.ready_pattern)
            except ServerError as error:
                loop = {"command": args.serve_command, "error": str(error).splitlines()[0],
                        "log_tail": str(error)}
                print(f"  FAILED: {error}", flush=True)
            results["author_loop"] = {**loop, "essays": args.sizes[0]}
        if args.reader_page:
            print(f"Reader's side of {args.reader_page} ...", flush=True)
            try:
                results["reader_side"] = run_reader_side(work, args.reader_page)
            except RuntimeError as error:
                results["reader_side"] = {"page": args.reader_page, "error": str(error).splitlines()[0],
                                          "log_tail": str(error)}
                print(f"  FAILED: {error}", flush=True)
        if args.import_posts:
            print(f"WordPress import of {args.import_posts:,} posts ...", flush=True)
            results["wordpress_import"] = bench_import(args, work)
        table = markdown(results)
        results["markdown"] = table
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        text = json.dumps(results, indent=1) + "\n"
        (RESULTS / f"bench-{stamp}.json").write_text(text, encoding="utf-8")
        (RESULTS / "latest.json").write_text(text, encoding="utf-8")
        (RESULTS / "latest.md").write_text(table, encoding="utf-8")
        print()
        print(table)
        print(f"Results: {RESULTS / f'bench-{stamp}.json'}")
        return 0
    finally:
        if args.keep:
            print(f"Work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
