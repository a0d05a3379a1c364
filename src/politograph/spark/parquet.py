"""spark-extract's Parquet files: each worker's written as its rows come, and a run's read back.

The only module that knows Parquet: `job.py` writes through it and
`load.py` reads through it, so `jobs` (the stages wired together) knows
nothing of it.  pyarrow (the `spark` extra) is imported when a file is
written or read, so importing this module costs nothing, and it imports
nothing that loads spaCy, which the Spark driver never needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from politograph.ingest.readers import IngestProblem
from politograph.spark.records import ALL_TABLES, TABLES

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

FLUSH_ROWS = 2000
"""Rows of one table a worker holds before writing them as a row group."""


def arrow_schema(columns: list[tuple[str, str]]) -> pa.Schema:
    """The Arrow schema of a table of `records.ALL_TABLES` (its Spark SQL type names)."""
    import pyarrow as pa

    kinds = {"string": pa.string(), "int": pa.int64(), "double": pa.float64(), "boolean": pa.bool_(), "array<string>": pa.list_(pa.string())}
    return pa.schema([(name, kinds[kind]) for name, kind in columns])


class PartitionWriter:
    """One Parquet file per table for one partition, written in row groups as rows come.

    Each Python worker writes its own files (`part-00003.parquet`), so rows
    never travel through the JVM; the folder of each table is an ordinary
    Parquet dataset that Spark, pyarrow and `politograph load` all read.
    """

    def __init__(self, out: Path, index: int) -> None:
        self.out, self.index = out, index
        self.pending: dict[str, list[dict[str, object]]] = {}
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.counts: dict[str, int] = dict.fromkeys(ALL_TABLES, 0)

    def add(self, table: str, row: dict[str, object]) -> None:
        self.pending.setdefault(table, []).append(row)
        self.counts[table] += 1
        if len(self.pending[table]) >= FLUSH_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = self.pending.pop(table, [])
        schema = arrow_schema(ALL_TABLES[table])
        writer = self.writers.get(table)
        if writer is None:
            folder = self.out / table
            folder.mkdir(parents=True, exist_ok=True)
            writer = self.writers[table] = pq.ParquetWriter(str(folder / f"part-{self.index:05d}.parquet"), schema)
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))

    def close(self) -> dict[str, int]:
        for table in ALL_TABLES:
            if self.pending.get(table) or table not in self.writers:
                self._flush(table)  # every table gets a file, empty or not
            self.writers[table].close()
        return self.counts


def read_output(folder: Path) -> tuple[dict[str, list[dict[str, Any]]], list[IngestProblem]]:
    """The rows of each table of `records.TABLES` spark-extract wrote under `folder`, and the problems it met."""
    import pyarrow.parquet as pq

    missing = [t for t in TABLES if not (folder / t).exists()]
    if missing:
        raise FileNotFoundError(f"{folder}: not spark-extract output (missing {', '.join(missing)})")
    tables = {name: pq.read_table(folder / name).to_pylist() for name in TABLES}
    problems: list[IngestProblem] = []
    if (folder / "problems").exists():
        problems = [IngestProblem(row["path"], row["line"], row["message"]) for row in pq.read_table(folder / "problems").to_pylist()]
    return tables, problems
