"""RecordList: a snapshot's history as chunks, read like the tuple it replaces."""

from __future__ import annotations

import pytest

from warroom.domain.record_list import CHUNK, RecordList


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, 3 * CHUNK + 5])
def test_reads_like_the_tuple_of_its_records(size: int) -> None:
    plain = tuple(range(size))
    chunked = RecordList.of(plain)
    assert len(chunked) == size and chunked == plain and plain == chunked
    assert list(chunked) == list(plain) and list(reversed(chunked)) == list(reversed(plain))
    for index in (0, 1, CHUNK - 1, CHUNK, size // 2, -1, -CHUNK):
        if -size <= index < size:
            assert chunked[index] == plain[index]
    for part in (
        slice(None),
        slice(-7, None),
        slice(5, CHUNK + 3),
        slice(3, 2),
        slice(None, None, 3),
    ):
        assert chunked[part] == plain[part]
    with pytest.raises(IndexError):
        chunked[size]


def test_a_new_list_shares_the_full_chunks_of_the_old() -> None:
    old = RecordList.of(range(3 * CHUNK))
    new = RecordList([*old.chunks, (-1,)])
    assert all(a is b for a, b in zip(old.chunks, new.chunks[:-1], strict=True))
    assert new[-1] == -1 and len(new) == 3 * CHUNK + 1 and new != old
