"""The remembered read pace: per server and user, beside the journal, and a
file that cannot be read is as good as none."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtui.ops.pace_memory import RememberedPace, pace_file, recall, remember


def test_remembered_per_key(tmp_path: Path) -> None:
    path = pace_file(tmp_path / "journal.sqlite3")
    assert path == tmp_path / "pace.json"
    remember(path, "a 6666", RememberedPace(300.0, 1000))
    remember(path, "b 6666", RememberedPace(40.0, 500))
    assert recall(path, "a 6666") == RememberedPace(300.0, 1000)
    assert recall(path, "b 6666") == RememberedPace(40.0, 500)
    assert recall(path, "c 6666") is None
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[]",
        '{"a 6666": 3}',
        '{"a 6666": {"reads_per_second": "x"}}',
        '{"a 6666": {"reads_per_second": -1, "reads": 5}}',
        "\xff",
    ],
)
def test_a_damaged_file_is_no_pace(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pace.json"
    path.write_text(text, encoding="latin-1")
    assert recall(path, "a 6666") is None
    remember(path, "a 6666", RememberedPace(10.0, 300))  # and is replaced
    assert recall(path, "a 6666") == RememberedPace(10.0, 300)


def test_an_in_memory_journal_remembers_nothing() -> None:
    assert pace_file(Path(":memory:")) is None
    remember(None, "a", RememberedPace(1.0, 1))
    assert recall(None, "a") is None


def test_a_new_measure_is_averaged_with_the_remembered_one() -> None:
    old = RememberedPace(reads_per_second=200.0, reads=1000, seconds_per_batch_id=None)
    new = RememberedPace(
        reads_per_second=300.0, reads=500, journal_seconds_per_lead=0.0001
    )
    assert old.blended(new) == RememberedPace(
        reads_per_second=250.0,
        reads=1000,
        seconds_per_batch_id=None,
        journal_seconds_per_lead=0.0001,
    )
    # a run without reads keeps the remembered read pace
    assert old.blended(RememberedPace()).reads_per_second == 200.0
