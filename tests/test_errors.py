"""The exceptions of the public API (``itu_tcb.errors``): what they are, what they
say, and that they survive pickling."""

from __future__ import annotations

import pickle

import pytest

import itu_tcb
from itu_tcb import AmbiguousKeyError, DataError
from profiles import GENERIC, MERGED


def test_the_package_exceptions_survive_pickling() -> None:
    import pickle

    data = itu_tcb.load()
    with pytest.raises(itu_tcb.NotFoundError) as not_found:
        data.lookup("ITU-X")
    with pytest.raises(itu_tcb.RecordError) as record_error:
        itu_tcb.Count(value=-1)
    with pytest.raises(itu_tcb.DataError) as data_error:
        itu_tcb.load(b"{}")
    for caught in (not_found.value, record_error.value, data_error.value):
        back = pickle.loads(pickle.dumps(caught))
        assert type(back) is type(caught)
        assert str(back) == str(caught)
        assert vars(back) == vars(caught)


def test_an_ambiguous_key_is_a_lookup_error_but_not_a_key_error() -> None:
    with pytest.raises(AmbiguousKeyError) as caught:
        MERGED.lookup(GENERIC[2])
    assert isinstance(caught.value, LookupError)
    assert not isinstance(caught.value, KeyError)
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.key, again.candidates, str(again)) == (
        caught.value.key,
        caught.value.candidates,
        str(caught.value),
    )


def test_load_raises_data_error_with_the_full_report() -> None:
    data = b'{"schema_version": "1.0", "metadata": {}, "sectors": [1, 2]}'
    with pytest.raises(DataError) as caught:
        itu_tcb.load(data)
    assert isinstance(caught.value, ValueError)
    assert caught.value.report == itu_tcb.validate(data)
    assert "(and 5 more)" in str(caught.value)
