"""The builder writes the same constraints as examples/hasakah/claims.json,
and the Hasakah notebook runs from top to bottom in the venv's kernel."""

import json
import os
import pathlib
import sys
from fractions import Fraction

import nbformat
import pytest
from nbclient import NotebookClient

import tally
from conftest import HASAKAH, NOTEBOOK


def constraints(document: dict) -> dict:
    """What a document says as constraints, free text aside."""
    def number(value):
        return None if value is None else Fraction(str(value))

    event = document.get("event", {})
    return {
        "event": (event.get("id"), event.get("start"), event.get("end")),
        "quantities": sorted((q["id"], q.get("cumulative", True)) for q in document.get("quantities", [])),
        "relations": sorted(
            ("parts", r["whole"], tuple(r["parts"]), r.get("exhaustive", True)) if "whole" in r
            else ("subset", r["of"], (r["subset"],), True)
            for r in document.get("relations", [])),
        "sources": sorted((s["id"], number(s.get("reliability", "0.5"))) for s in document.get("sources", [])),
        "claims": [
            (c["id"], c["source"], (c["quantity"],) if isinstance(c["quantity"], str) else tuple(c["quantity"]),
             c["qualifier"], number(c["value"]), number(c.get("upper")), number(c.get("tolerance")),
             number(c.get("weight")), c.get("as_of"))
            for c in document.get("claims", [])],
    }


def hasakah_document() -> tally.Document:
    """The seed report with the builder, constraints only (the notebook adds the quotes)."""
    day = "2022-01-26"
    doc = tally.Document(event="hasakah-prison-2022", title="Hasakah prison", start="2022-01-20", end=day)
    for quantity in ("killed", "killed.isis", "killed.isis.inmates", "killed.kurdish_forces",
                     "killed.kurdish_forces.security", "killed.civilians"):
        doc.quantity(quantity)
    for stock in ("inmates", "inmates.boys", "attackers"):
        doc.quantity(stock, cumulative=False)
    return (doc.quantity("escaped")
            .whole("killed", ["killed.isis", "killed.kurdish_forces", "killed.civilians"])
            .subset("killed.isis.inmates", of="inmates")
            .source("officials", reliability=0.5).source("sohr", reliability=0.8).source("report", reliability=0.6)
            .claim("officials-inmates", "officials", "killed.isis.inmates", ">=", 200, as_of=day)
            .claim("officials-security", "officials", "killed.kurdish_forces.security", "=", 30, as_of=day)
            .claim("sohr-total", "sohr", "killed", "exactly", 181, as_of=day)
            .claim("sohr-isis", "sohr", "killed.isis", "exactly", 124, as_of=day)
            .claim("sohr-kurdish", "sohr", "killed.kurdish_forces", "exactly", 50, as_of=day)
            .claim("sohr-civilians", "sohr", "killed.civilians", "exactly", 7, as_of=day)
            .claim("report-attackers", "report", "attackers", "more than", 100, as_of=day)
            .claim("report-held", "report", "inmates", "nearly", 3500, as_of=day)
            .claim("report-boys", "report", "inmates.boys", "~", 700, as_of=day))


def test_the_builder_writes_the_example_document():
    expected = json.loads(HASAKAH.read_text(encoding="utf-8"))
    assert constraints(hasakah_document().to_dict()) == constraints(expected)


def test_the_built_document_reconciles_like_the_file():
    built, loaded = tally.reconcile(hasakah_document()), tally.reconcile(HASAKAH)
    assert [(r.quantity, r.min, r.max, r.estimate) for r in built.ranges] == \
           [(r.quantity, r.min, r.max, r.estimate) for r in loaded.ranges]
    assert [(c.claims, c.gap) for c in built.conflicts] == [(c.claims, c.gap) for c in loaded.conflicts]
    assert built.corrections == loaded.corrections


def test_the_notebook_runs_and_builds_the_example_document(artifacts):
    os.environ.setdefault("JUPYTER_PATH", str(pathlib.Path(sys.prefix) / "share" / "jupyter"))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("tally")
    except NoSuchKernel:
        pytest.fail("the Jupyter kernel 'tally' is not registered: run scripts/setup-python.sh "
                    f"(JUPYTER_PATH={os.environ['JUPYTER_PATH']})")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "the committed notebook must have no outputs"
    dumped = artifacts / "hasakah-notebook-document.json"
    notebook.cells.append(nbformat.v4.new_code_cell(f"doc.save({str(dumped)!r})"))
    NotebookClient(notebook, kernel_name="tally", timeout=300,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    nbformat.write(notebook, artifacts / "hasakah-executed.ipynb")
    expected = json.loads(HASAKAH.read_text(encoding="utf-8"))
    written = json.loads(dumped.read_text(encoding="utf-8"))
    assert constraints(written) == constraints(expected)
    assert [c["quote"] for c in written["claims"]] == [c["quote"] for c in expected["claims"]]
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert any("image/png" in output.get("data", {}) for output in outputs), "the plot is not displayed"
    assert any("text/html" in output.get("data", {}) and "conflicting" in output["data"]["text/html"]
               for output in outputs), "the result is not shown as HTML"
