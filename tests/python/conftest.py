"""Shared fixtures: where tests write artifacts, the Hasakah example, and a
hand-written result in the contract's JSON shape for the pure-Python parts."""

from __future__ import annotations

import copy
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
HASAKAH = REPO / "examples" / "hasakah" / "claims.json"
NOTEBOOK = REPO / "examples" / "notebooks" / "hasakah.ipynb"


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> pathlib.Path:
    """Where tests write PNGs and executed notebooks: $TALLY_TEST_OUTPUT_DIR
    (ctest sets it to the build tree), else a pytest temporary directory."""
    chosen = os.environ.get("TALLY_TEST_OUTPUT_DIR")
    path = pathlib.Path(chosen) if chosen else tmp_path_factory.mktemp("artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


# The seed report as a result in the JSON report's shape, written by hand from
# the spec's worked example (section 3), with one count beyond 2^64 added.
SAMPLE_RESULT = {
    "format": "tally-result/1",
    "status": "conflicting",
    "complete": True,
    "time_points": ["final"],
    "ranges": [
        {"quantity": "inmates", "as_of": None, "min": 0, "max": None, "estimate": None},
        {"quantity": "killed", "as_of": None, "min": 181, "max": 181, "estimate": 181},
        {"quantity": "killed.civilians", "as_of": None, "min": 7, "max": 7, "estimate": 7},
        {"quantity": "killed.isis", "as_of": None, "min": 124, "max": 124, "estimate": 124},
        {"quantity": "killed.isis.inmates", "as_of": None, "min": 0, "max": 124, "estimate": 62},
        {"quantity": "killed.kurdish_forces", "as_of": None, "min": 50, "max": 50, "estimate": 50},
        {"quantity": "killed.kurdish_forces.security", "as_of": None, "min": 30, "max": 50, "estimate": 30},
        {"quantity": "missing", "as_of": None, "min": 2**70, "max": 2**70 + 5, "estimate": 2**70 + 1},
    ],
    "conflicts": [
        {"claims": ["officials-inmates", "sohr-isis"], "gap": 76,
         "explanation": "officials: killed.isis.inmates ≥ 200; killed.isis.inmates ≤ killed.isis (a part); "
                        "SOHR: killed.isis = 124 ⇒ 200 ≤ 124, 76 apart.",
         "steps": ["officials: killed.isis.inmates ≥ 200.", "killed.isis.inmates ≤ killed.isis (a part).",
                   "SOHR: killed.isis = 124.", "So 200 ≤ 124, 76 apart."]},
        {"claims": ["officials-inmates", "sohr-total"], "gap": 19,
         "explanation": "officials: killed.isis.inmates ≥ 200; killed ≥ killed.isis.inmates; "
                        "SOHR: killed = 181 ⇒ 200 ≤ 181, 19 apart <script>alert(1)</script>.",
         "steps": []},
    ],
    "corrections": [{"drop": ["officials-inmates"], "weight": "0.5"},
                    {"drop": ["sohr-isis", "sohr-total"], "weight": "8/5"}],
    "adopted": {"drop": ["officials-inmates"], "weight": "0.5", "optimal": True, "lower_bound": "0.5",
                "tie": False, "proof_conflicts": 1},
    "disputes": [{"claims": ["officials-inmates", "sohr-isis", "sohr-total"],
                  "corrections": [{"drop": ["officials-inmates"], "weight": "0.5"},
                                  {"drop": ["sohr-isis", "sohr-total"], "weight": "8/5"}],
                  "adopted": {"drop": ["officials-inmates"], "weight": "0.5"}, "complete": True}],
    "claims": [
        {"id": "officials-inmates", "source": "officials", "quantity": ["killed.isis.inmates"], "as_of": None,
         "min": 200, "max": None, "weight": "0.5", "in_force": False, "in_conflict": True,
         "constraint": "killed.isis.inmates ≥ 200", "quote": "at least 200 inmates", "url": "", "note": "",
         "language": "en"},
        {"id": "officials-security", "source": "officials", "quantity": ["killed.kurdish_forces.security"],
         "as_of": None, "min": 30, "max": None, "weight": "0.5", "in_force": True, "in_conflict": False,
         "constraint": "killed.kurdish_forces.security ≥ 30", "quote": "", "url": "", "note": "", "language": ""},
        {"id": "sohr-total", "source": "sohr", "quantity": ["killed"], "as_of": None, "min": 181, "max": 181,
         "weight": "0.8", "in_force": True, "in_conflict": True, "constraint": "killed = 181", "quote": "181 dead",
         "url": "https://example.org/sohr", "note": "", "language": ""},
        {"id": "sohr-isis", "source": "sohr", "quantity": ["killed.isis"], "as_of": None, "min": 124, "max": 124,
         "weight": "0.8", "in_force": True, "in_conflict": True, "constraint": "killed.isis = 124", "quote": "",
         "url": "", "note": "", "language": ""},
        {"id": "sohr-kurdish", "source": "sohr", "quantity": ["killed.kurdish_forces"], "as_of": None, "min": 50,
         "max": 50, "weight": "0.8", "in_force": True, "in_conflict": False, "constraint": "killed.kurdish_forces = 50",
         "quote": "", "url": "", "note": "", "language": ""},
        {"id": "sohr-civilians", "source": "sohr", "quantity": ["killed.civilians"], "as_of": None, "min": 7,
         "max": 7, "weight": "0.8", "in_force": True, "in_conflict": False, "constraint": "killed.civilians = 7",
         "quote": "", "url": "", "note": "", "language": ""},
        {"id": "report-held", "source": "report", "quantity": ["inmates"], "as_of": None, "min": 3150,
         "max": 3850, "weight": "1/3", "in_force": True, "in_conflict": False, "constraint": "3150 ≤ inmates ≤ 3850",
         "quote": "about 3,500", "url": "", "note": "", "language": ""},
        {"id": "big", "source": "report", "quantity": ["missing"], "as_of": None, "min": 2**70, "max": 2**70 + 5,
         "weight": "1/3", "in_force": True, "in_conflict": False, "constraint": "…", "quote": "", "url": "",
         "note": "", "language": ""},
    ],
    "diagnostics": [],
    "statistics": {"variables": 8, "constraints": 12},
}


@pytest.fixture
def sample_result_dict() -> dict:
    return copy.deepcopy(SAMPLE_RESULT)
