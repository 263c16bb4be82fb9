"""The benchmark's report: how fast the work folder's disk was when the run started, and
the comparison of the tools round by round."""

from __future__ import annotations

import subprocess
import sys

from sitebuild import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import wxr_export  # noqa: E402
from report import machine, markdown, summarise  # noqa: E402


def test_the_header_gives_the_time_to_write_a_page_in_the_work_folder(tmp_path):
    described = machine(tmp_path)
    assert described["page_write_ms_at_start"] > 0
    assert list(tmp_path.iterdir()) == []  # the probe cleans up after itself
    header = markdown({"machine": described, "rounds": 3, "seed": 1, "replies": 3,
                       "builds": {}}).splitlines()[0]
    assert f"writing a page (a folder and a file) took " \
           f"{described['page_write_ms_at_start']:.2f} ms in the work folder" in header


def test_the_table_also_compares_the_tools_round_by_round():
    # The tools take turns; when the machine slows during a run, the medians
    # of each tool come from different stretches, the pairs of one round do not.
    def runs(*walls):
        return [{"wall_s": wall, "cpu_s": wall, "peak_rss_mib": 100.0} for wall in walls]

    ours, bare = runs(4.0, 8.0, 6.0), runs(5.0, 4.0, 7.5)
    table = markdown({
        "machine": {"date": "2026-12-05", "cpu": "CPU", "cores": 2, "memory_gib": 1, "system": "Linux",
                    "python": "3.11", "pelican": "4.12", "hugo": "0.1", "load_average_at_start": 0.1},
        "rounds": 3, "seed": 1, "replies": 3,
        "builds": {"1000": {"ours": {"summary": summarise(ours), "runs": ours},
                            "bare": {"summary": summarise(bare), "runs": bare}}}})
    bare_row = next(line for line in table.splitlines() if line.startswith("| 1,000 | Bare Pelican"))
    # Medians 6.00 / 5.00 s; round by round 0.80, 2.00 and 0.80.
    assert bare_row.endswith("| 1.20× | 0.80× |")


def test_the_wordpress_import_is_timed_on_a_generated_export_and_judged(tmp_path):
    export = wxr_export.generate(tmp_path / "blog.xml", posts=30, comments=300)
    content = tmp_path / "content"
    imported = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.wordpress_import", str(export),
         "--content", str(content), "--settings", str(REPO / "pelicanconf.py")],
        capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    replies = list((content / "replies").rglob("*.md"))
    # Every comment is a reply file (the pingbacks as mentions).
    assert len(list(content.glob("*.md"))) == 30 and len(replies) == 300
    machine = {"date": "2026-12-05", "cpu": "CPU", "cores": 2, "memory_gib": 1, "system": "Linux",
               "python": "3.11", "pelican": "4.12", "hugo": "0.1", "load_average_at_start": 0.1}
    for wall, verdict in ((12.0, "well under a minute"), (45.0, "under a minute"),
                          (75.0, "OVER a minute")):
        table = markdown({"machine": machine, "rounds": 1, "seed": 1, "replies": 3, "builds": {},
                          "wordpress_import": {"posts": 3000, "comments": 30000, "wall_s": wall,
                                               "cpu_s": wall, "peak_rss_mib": 200.0}})
        row = next(line for line in table.splitlines() if "Import of 3,000 posts" in line)
        assert row.endswith(f"{verdict} |")
