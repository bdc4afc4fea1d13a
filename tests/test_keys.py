"""The keys a record claims (``itu_tcb._keys``): the agency each key is scoped to."""

from __future__ import annotations

import itu_tcb
from itu_tcb import RecordKind
from itu_tcb._integrity import REFERENCES
from itu_tcb._keys import UNPLACED, scopes
from itu_tcb.models import RECORD_TYPES

# ------------------------------------------------------------------------ scopes


def test_every_kind_but_agency_and_activity_names_its_agency() -> None:
    """What ``scopes`` relies on: the agency path of each kind."""
    for kind, cls in RECORD_TYPES.items():
        declared = {field for holder, field, target in REFERENCES if holder is kind}
        if kind is RecordKind.AGENCY:
            assert "agency" not in declared
        elif kind is RecordKind.ACTIVITY:
            assert declared == {"category"}
        else:
            assert ("agency" in declared, cls.kind) == (True, kind)


def test_a_record_with_a_broken_agency_path_is_scoped_by_the_id_it_names() -> None:
    records: list[itu_tcb.Record] = [
        itu_tcb.Agency(id="a"),
        itu_tcb.ActivityCategory(id="c", agency="nowhere"),
        itu_tcb.Activity(id="x", name="X", category="c"),
        itu_tcb.Activity(id="y", name="Y", category="lost"),
    ]
    assert scopes(records) == ["a", "nowhere", "nowhere", UNPLACED + "lost"]
