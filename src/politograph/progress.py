"""One progress helper for every long loop: a bar in the CLI, silence in library use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, Task, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as RichBar
from rich.text import Text

T = TypeVar("T")


class Progress(Protocol):
    """Something that can report progress while an iterable is consumed."""

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]: ...


class Quiet:
    """The default: reports nothing."""

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        yield from items


class RateColumn(ProgressColumn):
    """Items per second, blank until a speed has been measured."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        return Text("" if task.speed is None else f"{task.speed:.1f} {self.unit}/s")


class RichProgress:
    """A Rich progress bar with items/s and time remaining, on standard error (only on a terminal)."""

    def __init__(self, unit: str = "docs") -> None:
        self.unit = unit

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        console = Console(stderr=True)
        columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), RateColumn(self.unit), TimeRemainingColumn()]
        with RichBar(*columns, console=console, disable=not console.is_terminal) as bar:
            task = bar.add_task(description, total=total)
            for item in items:
                yield item
                bar.advance(task)
