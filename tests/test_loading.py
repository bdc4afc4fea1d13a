"""The loading pipeline's housekeeping: the garbage collector's state survives it."""

from __future__ import annotations

import gc
import json
from importlib import resources
from typing import Any

import pytest

import itu_tcb
from itu_tcb import loading

BUNDLED = (resources.files("itu_tcb") / "data" / "itu.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collectors_state_is_restored_whatever_happens(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(loading, "_build", boom)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with pytest.raises(RuntimeError, match="boom"):
            itu_tcb.load(json.loads(BUNDLED))
        assert gc.isenabled() is enabled
        assert itu_tcb.validate(b"{").errors  # an early return restores it too
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
