"""The benchmark's report says how fast the work folder's disk was when the run started."""

from __future__ import annotations

import sys

from sitebuild import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from report import machine, markdown  # noqa: E402


def test_the_header_gives_the_time_to_write_a_page_in_the_work_folder(tmp_path):
    described = machine(tmp_path)
    assert described["page_write_ms_at_start"] > 0
    assert list(tmp_path.iterdir()) == []  # the probe cleans up after itself
    header = markdown({"machine": described, "rounds": 3, "seed": 1, "replies": 3,
                       "builds": {}}).splitlines()[0]
    assert f"writing a page (a folder and a file) took " \
           f"{described['page_write_ms_at_start']:.2f} ms in the work folder" in header
