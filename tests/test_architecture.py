"""The layering of the apps (.importlinter, docs/architecture.md "Layers") holds."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 0


def test_discovery_evaluates_through_the_one_adapter():
    """No second adapter between the criteria engine and the screens."""
    assert not (ROOT / "src/dienhinh/discovery/engine.py").exists()
    assert not list((ROOT / "src/dienhinh").glob("*/testing.py"))  # factories live in tests/
