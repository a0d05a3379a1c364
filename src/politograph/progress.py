"""One progress helper for every long loop: a bar in the CLI, silence in library use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    """Something that can report progress while an iterable is consumed."""

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]: ...


class Quiet:
    """The default: reports nothing."""

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        yield from items


class RichProgress:
    """A Rich progress bar with documents/s and time remaining, on standard error."""

    def __init__(self, unit: str = "docs") -> None:
        self.unit = unit

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        columns = [
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.speed} " + self.unit + "/s"),
            TimeRemainingColumn(),
        ]
        with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as bar:
            task = bar.add_task(description, total=total)
            for item in items:
                yield item
                bar.advance(task)
