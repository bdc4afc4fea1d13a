"""The example notebook, ``docs/example.ipynb``, runs end to end in a real Jupyter kernel.

The kernel is an ipykernel started with the interpreter running the tests
(``sys.executable``), through a kernelspec written to a temporary directory, so the
notebook sees the same ``itu_tcb`` as the tests whatever kernels the machine has
installed. Any cell error fails the test. The notebook is kept in the repository
without outputs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient.exceptions import CellExecutionError
from nbformat import NotebookNode

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "example.ipynb"
KERNEL = "itu-tcb-tests"
#: The last cell appended to the run: it reports which interpreter the kernel is.
# nbformat is untyped: give its few functions used here their types, once.
read_notebook: Callable[..., NotebookNode] = nbformat.read
new_notebook: Callable[[], NotebookNode] = nbformat.v4.new_notebook
new_code_cell: Callable[[str], NotebookNode] = nbformat.v4.new_code_cell

PROBE = "import sys, itu_tcb\nprint(sys.executable)\nprint(itu_tcb.__file__)"


def _kernel_manager(home: Path) -> KernelManager:
    """A kernel manager whose only kernel is ipykernel on ``sys.executable``."""
    spec = home / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "itu_tcb tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    specs = KernelSpecManager(kernel_dirs=[str(home / "kernels")])
    return KernelManager(kernel_name=KERNEL, kernel_spec_manager=specs)


def _run(notebook: NotebookNode, home: Path) -> NotebookNode:
    client = nbclient.NotebookClient(
        notebook,
        km=_kernel_manager(home),
        timeout=180,
        startup_timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": str(home)}},
    )
    return client.execute()


def _stream(cell: NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> NotebookNode:
    """The notebook, run once, with the interpreter probe as its last cell."""
    notebook = read_notebook(NOTEBOOK, as_version=4)
    notebook.cells.append(new_code_cell(PROBE))
    return _run(notebook, tmp_path_factory.mktemp("notebook"))


def test_notebook_runs_end_to_end(executed: NotebookNode) -> None:
    notebook = read_notebook(NOTEBOOK, as_version=4)
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    cells = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert len(cells) == code_cells + 1
    for number, cell in enumerate(cells, 1):
        assert cell.execution_count == number, f"cell {number} did not run"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"cell {number} raised: {errors}"
    executable, module = _stream(cells[-1]).split()
    assert Path(executable) == Path(sys.executable)
    import itu_tcb

    assert Path(module) == Path(itu_tcb.__file__)


def test_notebook_shows_tables_and_records_as_html(executed: NotebookNode) -> None:
    html = [
        output["data"]["text/html"]
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "execute_result" and "text/html" in output.get("data", {})
    ]
    text = "\n".join(html)
    assert "itu-tcb-dataset" in text  # Dataset._repr_html_
    assert "itu-tcb-record" in text  # a record's _repr_html_
    assert "<table" in text
    assert "Telecommunication Development Sector" in text
    assert "external_fields" in text  # the partner organizations' table


def test_a_failing_cell_fails_the_run(tmp_path: Path) -> None:
    notebook = new_notebook()
    notebook.cells = [
        new_code_cell("import itu_tcb"),
        new_code_cell('itu_tcb.load().lookup("no such record")'),
    ]
    with pytest.raises(CellExecutionError, match="NotFoundError"):
        _run(notebook, tmp_path)


def test_notebook_is_committed_clean() -> None:
    notebook = read_notebook(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
    assert notebook.metadata["kernelspec"]["language"] == "python"
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert text.endswith("\n")
    assert json.loads(text)["nbformat"] == 4
