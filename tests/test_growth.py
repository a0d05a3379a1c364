"""benchmarks/growth.py at a tiny size: it runs, stores its archive in one store and prints a ratio (no timing asserted)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import growth  # type: ignore[import-not-found]  # noqa: E402


def test_invented_names_never_repeat_and_the_archive_is_the_same_each_time() -> None:
    names = growth.Names(random.Random(1))
    for kind in ("party", "person", "town"):
        minted = [names._mint(kind) for _ in range(5000)]
        assert len(set(minted)) == len(minted), kind
    first, again = list(growth.archive(50)), list(growth.archive(50))
    assert [d.text for d in first] == [d.text for d in again]
    assert len({d.id for d in first}) == len({d.text for d in first}) == 50
    assert all(2 <= d.text.count(". ") + 1 <= 4 for d in first)  # two to four sentences


def test_the_benchmark_ingests_chunks_into_one_store_and_prints_the_growth_ratio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'growth.db'}"
    monkeypatch.setattr(sys, "argv", ["growth.py", "--docs", "200", "--chunk", "100", "--db", url])
    growth.main()
    printed = capsys.readouterr().out
    lines = [line for line in printed.splitlines() if line.startswith("chunk")]
    assert len(lines) == 2 and "store after it:     100 documents" in lines[0] and "store after it:     200 documents" in lines[1]
    assert "growth ratio (last chunk / first chunk docs/s):" in printed
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(text("select count(*) from documents where kind = 'article'")).scalar()
        parties = connection.execute(text("select count(*) from entities where type in ('PARTY', 'LOCAL_GROUP') and pack_id is null")).scalar()
    engine.dispose()
    assert stored == 200 and parties > 50  # the archive's invented parties became entities


def test_a_chunk_size_of_zero_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(sys, "argv", ["growth.py", "--docs", "10", "--chunk", "0"])
    with pytest.raises(SystemExit):
        growth.main()
    assert "--docs and --chunk must be at least 1" in capsys.readouterr().err
