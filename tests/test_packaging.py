"""The built distributions: what the wheel and sdist hold, and that the wheel works.

``python -m build`` runs once per session (an sdist, then a wheel built from that
sdist, as PyPI users get it). Then:

- the wheel holds the code, the data, the JSON Schema and ``py.typed``, and no tests;
- the version in the metadata is the one in ``itu_tcb/_version.py``;
- ``test_installed_wheel_*``: the wheel is installed into a fresh virtual environment
  (its dependencies, attrs and cattrs, come from the package index, as for a user), and
  from another directory it is imported, loads its data and runs the ``itu-tcb`` CLI;
- ``test_pandas_extra_in_fresh_venv``: ``pip install 'itu-tcb[pandas]'`` from the
  wheel gives the 12 activities as a DataFrame with their group (the slowest test:
  it installs pandas into the fresh environment);
- ``test_imports_from_the_wheel_file``: the wheel file itself on ``sys.path`` (a zip)
  loads the data, proving that the data is read through ``importlib.resources``.

The build needs no network when hatchling is installed (``--no-isolation``);
otherwise ``build`` fetches it into an isolated environment.
"""

from __future__ import annotations

import email.parser
import importlib.util
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "itu_tcb"


def _source_version() -> str:
    """The version as written in its one source, read as text (not imported)."""
    text = (SOURCE / "_version.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, flags=re.MULTILINE)
    if found is None:
        raise AssertionError("src/itu_tcb/_version.py has no __version__ line")
    return found[1]


VERSION = _source_version()
TIMEOUT = 600


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command with a clean environment: no PYTHONPATH, no inherited venv."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1", **env)
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=TIMEOUT
    )


def _check(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"{done.args} failed ({done.returncode}):\n{done.stderr}"
    return done.stdout


@attrs.frozen
class Dist:
    wheel: Path
    sdist: Path


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--outdir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-isolation")  # offline: use the installed backend
    _check(_run([*command, str(ROOT)], cwd=out))
    wheels, sdists = sorted(out.glob("*.whl")), sorted(out.glob("*.tar.gz"))
    assert len(wheels) == 1, wheels
    assert len(sdists) == 1, sdists
    return Dist(wheels[0], sdists[0])


def _wheel_names(dist: Dist) -> list[str]:
    with zipfile.ZipFile(dist.wheel) as wheel:
        return wheel.namelist()


def _wheel_text(dist: Dist, name: str) -> str:
    with zipfile.ZipFile(dist.wheel) as wheel:
        return wheel.read(name).decode("utf-8")


# ------------------------------------------------------------ the contents


@pytest.mark.slow
def test_version_has_one_source(dist: Dist) -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert re.search(r"^version\s*=", pyproject, flags=re.MULTILINE) is None
    assert dist.wheel.name == f"itu_tcb-{VERSION}-py3-none-any.whl"
    assert dist.sdist.name == f"itu_tcb-{VERSION}.tar.gz"


@pytest.mark.slow
def test_wheel_metadata(dist: Dist) -> None:
    text = _wheel_text(dist, f"itu_tcb-{VERSION}.dist-info/METADATA")
    metadata = email.parser.Parser().parsestr(text)
    assert metadata["Name"] == "itu-tcb"
    assert metadata["Version"] == (VERSION)
    assert metadata["Requires-Python"] == ">=3.10"
    requires = " ".join(metadata.get_all("Requires-Dist") or [])
    assert "attrs" in requires
    assert "cattrs" in requires
    assert "pandas" in (metadata.get_all("Provides-Extra") or [])
    entry_points = _wheel_text(dist, f"itu_tcb-{VERSION}.dist-info/entry_points.txt")
    assert re.search(r"^itu-tcb = itu_tcb\.cli:main$", entry_points, flags=re.MULTILINE)
    hypothesis = entry_points.split("[hypothesis]", 1)[1].split("[", 1)[0]
    assert hypothesis.split() == ["_", "=", "itu_tcb._hypothesis:_hypothesis_setup_hook"]
    assert "Framework :: Hypothesis" in (metadata.get_all("Classifier") or [])
    # The development tools are dependency groups, not extras for users.
    extras = set(metadata.get_all("Provides-Extra") or [])
    assert extras == {"pandas", "hypothesis", "fast", "arrow", "plot", "test"}
    assert metadata.get_all("Project-URL") is None  # no address is known to exist yet


def test_read_the_docs_installs_an_existing_group() -> None:
    config = (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
    assert re.search(r"^version: 2$", config, flags=re.MULTILINE)
    assert "configuration: docs/conf.py" in config
    assert "fail_on_warning: true" in config
    groups = re.findall(r"--group (\w+)", config)
    assert groups == ["docs"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = pyproject.split("[dependency-groups]", 1)[1].split("\n[", 1)[0]
    assert re.search(r"^docs = \[.*\bmyst-nb\b", section, flags=re.MULTILINE)


@pytest.mark.slow
def test_wheel_holds_code_data_schema_and_py_typed(dist: Dist) -> None:
    names = set(_wheel_names(dist))
    expected = {
        f"itu_tcb/{p.relative_to(SOURCE).as_posix()}"
        for p in SOURCE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert {"itu_tcb/py.typed", "itu_tcb/data/itu.json", "itu_tcb/data/schema.json"} <= expected
    packaged = {n for n in names if not n.startswith("itu_tcb-")}
    assert packaged == expected
    for data in ("itu_tcb/data/itu.json", "itu_tcb/data/schema.json"):
        assert _wheel_text(dist, data) == (SOURCE.parent / data).read_text(encoding="utf-8")


@pytest.mark.slow
def test_wheel_holds_no_tests_or_docs(dist: Dist) -> None:
    for name in _wheel_names(dist):
        top = name.split("/", 1)[0]
        assert top in ("itu_tcb", f"itu_tcb-{VERSION}.dist-info"), name
        assert not re.search(r"(^|/)(tests?|conftest\.py|test_[^/]*\.py)($|/)", name), name
        assert not name.endswith((".pyc", ".ipynb")), name


@pytest.mark.slow
def test_sdist_holds_sources_tests_and_docs(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert {
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
        "src/itu_tcb/data/itu.json",
        "src/itu_tcb/data/schema.json",
        "src/itu_tcb/py.typed",
        "docs/conf.py",
        "docs/index.md",
        "tests/test_packaging.py",
        "CITATION.cff",
        "RELEASING.md",
        ".readthedocs.yaml",
    } <= names
    assert not any(n.startswith((".venv/", "docs/_build/", ".git/")) for n in names)
    assert not any("__pycache__" in n for n in names)


@pytest.mark.slow
@pytest.mark.parametrize(
    "tool",
    [
        pytest.param(["twine", "check", "--strict"], id="twine"),
        pytest.param(["check_wheel_contents"], id="check-wheel-contents"),
    ],
)
def test_release_checks_pass(dist: Dist, tool: list[str]) -> None:
    if importlib.util.find_spec(tool[0]) is None:
        pytest.skip(f"{tool[0]} is not installed (it is in the 'release' dependency group)")
    files = (
        [str(dist.wheel)]
        if tool[0] == "check_wheel_contents"
        else [str(dist.wheel), str(dist.sdist)]
    )
    output = _check(_run([sys.executable, "-m", *tool, *files], cwd=dist.wheel.parent))
    assert "PASSED" in output or ": OK" in output, output


# ------------------------------------------------- installed in a fresh venv


def _venv_bin(venv: Path, name: str) -> Path:
    folder = venv / ("Scripts" if os.name == "nt" else "bin")
    return folder / (name + (".exe" if os.name == "nt" else ""))


@pytest.fixture(scope="session")
def venv(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed (and attrs, cattrs from the index)."""
    home = tmp_path_factory.mktemp("venv") / "env"
    _check(_run([sys.executable, "-m", "venv", "--without-pip", str(home)], cwd=home.parent))
    _check(_pip(home, str(dist.wheel)))
    return home


def _pip(venv: Path, *requirements: str) -> subprocess.CompletedProcess[str]:
    """Install into ``venv`` with this interpreter's pip (the venv has none of its own)."""
    python = str(_venv_bin(venv, "python"))
    command = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-compile",
    ]
    return _run([*command, *requirements], cwd=venv.parent)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory with no source tree in sight."""
    assert ROOT not in tmp_path.parents
    return tmp_path


_PROBE = """
import json, sys
import itu_tcb
cheap = "cattrs" not in sys.modules
data = itu_tcb.load()
print(json.dumps({
    "file": itu_tcb.__file__,
    "version": itu_tcb.__version__,
    "cheap_import": cheap,
    "activities": len(data.activities),
    "itu_d": data.lookup("itu d").name,
    "origin": data.origin,
}))
"""


@pytest.mark.slow
def test_installed_wheel_imports_and_loads(venv: Path, elsewhere: Path) -> None:
    python = str(_venv_bin(venv, "python"))
    found = json.loads(_check(_run([python, "-c", _PROBE], cwd=elsewhere)))
    location = Path(found["file"]).resolve()
    assert venv.resolve() in location.parents, location  # not the source tree
    assert ROOT not in location.parents
    assert found["version"] == (VERSION)
    assert found["cheap_import"] is True
    assert found["activities"] == 12
    assert found["itu_d"] == "Telecommunication Development Sector"
    assert found["origin"].startswith("<bundled")


@pytest.mark.slow
def test_installed_wheel_runs_the_cli(venv: Path, elsewhere: Path) -> None:
    command = str(_venv_bin(venv, "itu-tcb"))
    assert _check(_run([command, "--version"], cwd=elsewhere)).strip() == (f"itu-tcb {VERSION}")
    shown = _check(_run([command, "show", "ITU-D"], cwd=elsewhere))
    assert "Telecommunication Development Sector" in shown
    listed = _check(_run([command, "list", "activities", "--json"], cwd=elsewhere))
    assert len(json.loads(listed)) == 12
    summary = _check(_run([command], cwd=elsewhere))
    assert "International Telecommunication Union" in summary
    missing = _run([command, "show", "no such record"], cwd=elsewhere)
    assert missing.returncode == 1
    assert "no record matches" in missing.stderr
    assert "Traceback" not in missing.stderr
    module = _run([str(_venv_bin(venv, "python")), "-m", "itu_tcb", "list", "sectors"], elsewhere)
    assert _check(module).split() == ["itu-r", "ITU-R", "itu-t", "ITU-T", "itu-d", "ITU-D"]


_PANDAS_PROBE = """
import json, itu_tcb
frame = itu_tcb.load().to_dataframe("activities")
groups = frame.groupby("category", sort=False).size()
print(json.dumps({"rows": len(frame), "columns": list(frame.columns),
                  "groups": {str(k): int(v) for k, v in groups.items()}}))
"""


@pytest.mark.slow
def test_pandas_extra_in_fresh_venv(venv: Path, dist: Dist, elsewhere: Path) -> None:
    """``pip install 'itu-tcb[pandas]'`` from the wheel, then a DataFrame of 12 activities."""
    python = str(_venv_bin(venv, "python"))
    _check(_pip(venv, f"{dist.wheel}[pandas]"))
    found = json.loads(_check(_run([python, "-c", _PANDAS_PROBE], cwd=elsewhere)))
    assert found["rows"] == 12
    assert {"id", "name", "category", "category_label"} <= set(found["columns"])
    with (SOURCE / "data" / "itu.json").open(encoding="utf-8") as handle:
        document = json.load(handle)
    expected: dict[str, int] = {}
    for activity in document["activities"]:
        expected[activity["category"]] = expected.get(activity["category"], 0) + 1
    assert found["groups"] == expected


# ---------------------------------------------------- straight from the zip


_ZIP_PROBE = """
import json, sys, zipimport
from importlib import resources
wheel, site = sys.argv[1], sys.argv[2]
sys.path.insert(0, wheel)
sys.path.append(site)  # attrs and cattrs only: -S keeps the editable source tree away
import itu_tcb
data = itu_tcb.load()
print(json.dumps({
    "file": itu_tcb.__file__,
    "zip_loader": isinstance(itu_tcb.__spec__.loader, zipimport.zipimporter),
    "resource": type(resources.files("itu_tcb") / "data" / "itu.json").__module__,
    "activities": len(data.activities),
    "agencies": len(data.agencies),
}))
"""


@pytest.mark.slow
def test_imports_from_the_wheel_file(dist: Dist, elsewhere: Path) -> None:
    site = Path(attrs.__file__).resolve().parent.parent
    command = [sys.executable, "-I", "-S", "-c", _ZIP_PROBE, str(dist.wheel), str(site)]
    found = json.loads(_check(_run(command, cwd=elsewhere)))
    assert found["file"].startswith(str(dist.wheel) + os.sep), found["file"]
    assert found["zip_loader"] is True
    assert found["resource"].startswith("zipfile")  # read from inside the archive
    assert found["activities"] == 12
    with (SOURCE / "data" / "itu.json").open(encoding="utf-8") as handle:
        assert found["agencies"] == len(json.load(handle)["agencies"])


def test_ci_runs_the_readme_commands_for_a_fresh_machine_word_for_word() -> None:
    """The README's command that sets up and runs the tests is the one CI runs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## On a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```console\n(.+?)\n```", section, flags=re.DOTALL)
    tests = [c for c in commands if "pytest" in c]
    assert len(tests) == 1, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests[0] in ci
