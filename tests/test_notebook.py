"""The example notebook, ``docs/example.ipynb``, runs in a real Jupyter kernel, and its
stored outputs are the ones it gives now.

The kernel is an ipykernel started with the interpreter running the tests
(``sys.executable``), through a kernelspec written to a temporary directory, so the
notebook sees the same ``itu_tcb`` as the tests whatever kernels the machine has
installed. Any cell error fails the test.

The notebook is committed executed, so that the docs and a code host show its
outputs. Its outputs are deterministic (no timestamps, no memory addresses, no
execution metadata); the stale-output test runs it afresh and compares every text
output exactly and, for images (the chart), their presence and type. When the data
or the code changes what it shows, refresh the stored outputs with::

    python tests/test_notebook.py
"""

from __future__ import annotations

import copy
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
new_output: Callable[..., NotebookNode] = nbformat.v4.new_output
write_notebook: Callable[[NotebookNode, Path], None] = nbformat.write

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


def _without_outputs(notebook: NotebookNode) -> NotebookNode:
    bare = copy.deepcopy(notebook)
    for cell in bare.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return bare


def _clean(notebook: NotebookNode) -> NotebookNode:
    """An executed notebook as it is committed: no execution metadata, no versions."""
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def _comparable(output: NotebookNode) -> Any:
    """What must match in an output: all text exactly; for an image, its type only."""
    if output.output_type == "stream":
        return ("stream", output.name, output.text)
    if output.output_type in ("execute_result", "display_data"):
        data = {
            mime: value if mime.startswith("text/") else "<present>"
            for mime, value in output.data.items()
        }
        return (output.output_type, data)
    return (output.output_type, output.get("ename"), output.get("evalue"))


def _comparables(cell: NotebookNode) -> list[Any]:
    """What must match in a cell's outputs, in order. Consecutive text on one stream is
    one output: a busy kernel may send one cell's prints in several messages."""
    found: list[Any] = []
    for output in map(_comparable, cell.outputs):
        if output[0] == "stream" and found and found[-1][:2] == output[:2]:
            found[-1] = (*output[:2], found[-1][2] + output[2])
        else:
            found.append(output)
    return found


def differences(stored: NotebookNode, executed: NotebookNode) -> list[str]:
    """How the stored outputs differ from a fresh run's: one line per differing cell."""
    found = []
    pairs = zip(stored.cells, executed.cells, strict=False)
    for number, (old, new) in enumerate(pairs, 1):
        if old.cell_type != "code":
            continue
        before, after = _comparables(old), _comparables(new)
        if before != after or old.execution_count != new.execution_count:
            found.append(f"cell {number} ({old.source.splitlines()[0]!r}): outputs differ")
    return found


def refresh() -> None:
    """Run the notebook and store its outputs (``python tests/test_notebook.py``)."""
    with tempfile.TemporaryDirectory() as home:
        executed = _run(_without_outputs(read_notebook(NOTEBOOK, as_version=4)), Path(home))
    write_notebook(_clean(executed), NOTEBOOK)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> NotebookNode:
    """The notebook, run afresh, with the interpreter probe as its last cell."""
    notebook = _without_outputs(read_notebook(NOTEBOOK, as_version=4))
    notebook.cells.append(new_code_cell(PROBE))
    return _clean(_run(notebook, tmp_path_factory.mktemp("notebook")))


@pytest.mark.slow
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


@pytest.mark.slow
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
    assert "nearly 700" in text  # the membership counts with their qualifiers


@pytest.mark.slow
def test_a_failing_cell_fails_the_run(tmp_path: Path) -> None:
    notebook = new_notebook()
    notebook.cells = [
        new_code_cell("import itu_tcb"),
        new_code_cell('itu_tcb.load().lookup("no such record")'),
    ]
    with pytest.raises(CellExecutionError, match="NotFoundError"):
        _run(notebook, tmp_path)


@pytest.mark.slow
def test_stored_outputs_are_current(executed: NotebookNode) -> None:
    stored = read_notebook(NOTEBOOK, as_version=4)
    assert len(executed.cells) == len(stored.cells) + 1  # the probe
    stale = differences(stored, executed)
    assert not stale, "stale outputs; refresh with 'python tests/test_notebook.py':\n" + (
        "\n".join(stale)
    )


@pytest.mark.slow
def test_a_stale_output_is_found(executed: NotebookNode) -> None:
    stored = read_notebook(NOTEBOOK, as_version=4)
    changed = copy.deepcopy(stored)
    cell = next(c for c in changed.cells if c.cell_type == "code" and _stream(c))
    stream = next(o for o in cell.outputs if o.output_type == "stream")
    stream.text = stream.text.replace("1", "2") + "and one line more\n"
    assert differences(changed, executed) == [
        f"cell {changed.cells.index(cell) + 1} ({cell.source.splitlines()[0]!r}): outputs differ"
    ]
    image = next(
        o for c in changed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    )
    image.data["image/png"] = "other bytes"  # images: presence and type, not bytes
    assert len(differences(changed, executed)) == 1
    del image.data["image/png"]
    assert len(differences(changed, executed)) == 2


_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@pytest.mark.slow
def test_prints_sent_in_several_messages_read_as_one_output(executed: NotebookNode) -> None:
    stored = read_notebook(NOTEBOOK, as_version=4)
    split = copy.deepcopy(executed)
    cell = next(c for c in split.cells if c.cell_type == "code" and _stream(c).count("\n") > 1)
    index = next(i for i, o in enumerate(cell.outputs) if o.output_type == "stream")
    first, rest = cell.outputs[index].text.split("\n", 1)
    cell.outputs[index].text = first + "\n"
    cell.outputs.insert(index + 1, new_output("stream", name="stdout", text=rest))
    assert differences(stored, split) == differences(stored, executed)
    cell.outputs[index + 1].name = "stderr"  # another stream is another output
    assert len(differences(stored, split)) == len(differences(stored, executed)) + 1


def test_notebook_is_committed_executed_and_clean() -> None:
    notebook = read_notebook(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata == {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code, 1):
        assert cell.execution_count == number, f"code cell {number} is not stored executed"
        assert cell.outputs, f"code cell {number} shows nothing"
        assert "execution" not in cell.metadata
        assert not re.search(r"^\s*assert\b", cell.source, flags=re.MULTILINE), cell.source
        for output in cell.outputs:
            assert output.output_type != "error", output
            text = json.dumps({k: v for k, v in output.items() if k != "data"}) + "".join(
                v for k, v in output.get("data", {}).items() if k.startswith("text/")
            )
            assert not _ADDRESS.search(text), text
            assert not _TIMESTAMP.search(text), text
    images = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1  # the chart of activities by group
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert text.endswith("\n")
    assert json.loads(text)["nbformat"] == 4


def test_notebook_tells_its_story() -> None:
    notebook = read_notebook(NOTEBOOK, as_version=4)
    headings = [
        line.removeprefix("## ")
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    assert headings == [
        "The profile at a glance",
        "The TCB activities by group",
        "Partners by kind",
        "Membership counts and how exact they are",
        "Finding a record",
        "Checking a document of one's own",
    ]
    source = "\n".join(cell.source for cell in notebook.cells)
    assert "fictional" in source.lower()
    assert "import matplotlib" in source


if __name__ == "__main__":
    refresh()
