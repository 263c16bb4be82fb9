"""Summaries of the benchmark's measurements: statistics, the machine, the Markdown table."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from builds import tool, versions


PROBE_PAGES = 500


def page_write_ms(folder: Path) -> float:
    """Milliseconds to create a folder with a 5 KB index.html in `folder`, over PROBE_PAGES pages.

    On some virtual disks this moves several-fold within an hour (here from
    0.1 to 2 ms), and every build pays it per page: ours writes about twice
    as many files as bare Pelican, so the figure says how far to trust a run.
    """
    probe = Path(tempfile.mkdtemp(prefix="disk-probe-", dir=folder))
    try:
        started = time.perf_counter()
        for number in range(PROBE_PAGES):
            page = probe / str(number)
            page.mkdir()
            (page / "index.html").write_bytes(b"x" * 5000)
        return round((time.perf_counter() - started) * 1000 / PROBE_PAGES, 3)
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def machine(work: Path | None = None) -> dict:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "system": platform.platform(),
        **versions(),
        "date": dt.date.today().isoformat(),
        # Other work on the machine slows every tool; a high figure means noisy results.
        "load_average_at_start": round(os.getloadavg()[0], 2),
        **({"page_write_ms_at_start": page_write_ms(work)} if work is not None else {}),
    }


def summarise(runs: list[dict]) -> dict:
    walls = [r["wall_s"] for r in runs]
    cpus = [r["cpu_s"] for r in runs if "cpu_s" in r]
    return {
        "median_s": round(statistics.median(walls), 2),
        "min_s": round(min(walls), 2),
        "max_s": round(max(walls), 2),
        "cpu_median_s": round(statistics.median(cpus), 2) if cpus else None,
        "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
    }


def ratio(ours: dict | None, other: dict | None) -> float | None:
    if not ours or not other:
        return None
    return round(ours["median_s"] / other["median_s"], 2)


def paired_ratio(ours: list[dict], other: list[dict]) -> float | None:
    """The median of ours ÷ other round by round.

    The tools take turns, so the builds of one round ran on the same stretch
    of the machine; this machine slowed by half within one 5-round run, which
    moves every median but hardly the ratio within a round.
    """
    pairs = [a["wall_s"] / b["wall_s"] for a, b in zip(ours, other)]
    return round(statistics.median(pairs), 2) if pairs else None


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def times(value: float | None, name: str) -> str:
    return "" if value is None or name == "ours" else f"{value:.2f}×"


def cpu(summary: dict) -> str:
    value = summary.get("cpu_median_s")
    return "" if value is None else seconds(value)


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Measured on {m['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB RAM, "
        f"{m['system']}; Python {m['python']}, Pelican {m['pelican']}, Hugo {m['hugo']}; "
        f"load average {m['load_average_at_start']} at the start"
        + (f"; writing a page (a folder and a file) took {m['page_write_ms_at_start']:.2f} ms "
           f"in the work folder" if "page_write_ms_at_start" in m else "") + ". "
        f"{results['rounds']} cold builds per tool, taken in turns; corpus seed {results['seed']}, "
        f"{results['replies']} replies per essay.",
        "",
        "| Essays | Build | Wall time, median (min–max) | CPU time, median | Peak RSS "
        "| Ours ÷ this | Ours ÷ this, median of the rounds |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for size, by_tool in results["builds"].items():
        ours = by_tool.get("ours", {})
        for name, entry in by_tool.items():
            label = tool(name).label
            summary = entry.get("summary")
            if summary is None:
                lines.append(f"| {int(size):,} | {label} | failed: {entry['error']} | | | | |")
                continue
            r = ratio(ours.get("summary"), summary)
            paired = paired_ratio(ours.get("runs", []), entry["runs"]) if ours.get("summary") else None
            lines.append(
                f"| {int(size):,} | {label} | {seconds(summary['median_s'])} "
                f"({summary['min_s']:.2f}–{summary['max_s']:.2f}) | {cpu(summary)} "
                f"| {summary['peak_rss_mib']:.0f} MiB "
                f"| {times(r, name)} | {times(paired, name)} |"
            )
    lines += two_columns("Author's loop (1 essay edited, dev server on the corpus)",
                         results.get("author_loop"), loop_rows)
    lines += two_columns("Reader's side", results.get("reader_side"), reader_rows)
    lines += two_columns("Moving from WordPress", results.get("wordpress_import"), import_rows)
    return "\n".join(lines) + "\n"


# What issue 17 asks of an import of a long-lived blog: well under a minute.
IMPORT_TARGET_S = 60


def import_rows(run: dict) -> list[tuple[str, str]]:
    verdict = ("well under a minute" if run["wall_s"] <= IMPORT_TARGET_S / 2 else
               "under a minute" if run["wall_s"] <= IMPORT_TARGET_S else "OVER a minute")
    return [(f"Import of {run['posts']:,} posts with {run['comments']:,} comments "
             "(`python -m pelican.plugins.wordpress_import`)",
             f"{seconds(run['wall_s'])} ({run['cpu_s']:.2f} s CPU, {run['peak_rss_mib']:.0f} MiB): "
             f"{verdict}")]


def two_columns(title: str, entry: dict | None, rows) -> list[str]:
    if not entry:
        return []
    if "error" in entry:
        body = [(entry.get("page") or f"`{entry['command']}`", f"failed: {entry['error']}")]
    else:
        body = rows(entry)
    return ["", f"| {title} | Result |", "|---|---|", *(f"| {a} | {b} |" for a, b in body)]


def loop_rows(loop: dict) -> list[tuple[str, str]]:
    times = loop["edit_to_served_s"]
    return [
        (f"Save → new page served, {loop['essays']:,} essays, {len(times)} edits",
         f"median {seconds(statistics.median(times))} ({min(times):.2f}–{max(times):.2f})"),
        ("Dev server start → first page served", seconds(loop["first_build_s"])),
    ]


def reader_rows(reader: dict) -> list[tuple[str, str]]:
    return [
        (f"{reader['page']}: HTML", f"{reader['html_bytes'] / 1024:.1f} KiB "
                                    f"({reader['html_gzip_bytes'] / 1024:.1f} KiB gzipped)"),
        ("Everything loaded before interaction",
         f"{reader['total_bytes'] / 1024:.1f} KiB in {reader['requests']} requests"),
        ("Third-party requests", str(reader["third_party_requests"])),
    ]
