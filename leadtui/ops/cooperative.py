"""Cooperative stopping: a flag the operator (or a refusal) sets, and a worker pool
that honours it between requests and never cancels one on the wire.

A request that was cancelled after it left may still be applied by the server:
cancelling it would turn the operator's own Esc into a lost answer. So a stop
only keeps new requests from starting; the ones in flight finish and are
journaled, and then the caller sees the stop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

OPERATOR = "cancelled by the operator"
_DONE = object()


class StopFlag:
    """Set once; later sets add nothing (a second Esc, a second Ctrl+C)."""

    def __init__(self) -> None:
        self.reason = ""
        self.by_operator = False

    def set(self, reason: str = OPERATOR, *, by_operator: bool = True) -> bool:
        """Stop; returns False when it was already stopping."""
        if self.reason:
            return False
        self.reason = reason
        self.by_operator = by_operator
        return True

    def is_set(self) -> bool:
        return bool(self.reason)


async def run_pool(
    items: Iterable[T],
    work: Callable[[T], Awaitable[None]],
    *,
    concurrency: int,
    stopped: Callable[[], bool],
    width: Callable[[], int] | None = None,
) -> None:
    """Run ``work`` on the items, ``concurrency`` at a time, until ``stopped()``.

    ``width``, when given, is how many may run at once right now (at most
    ``concurrency``): an item waits for it before it starts, so no item is
    begun (and journaled as sending) only to queue behind the client's limit.

    The first exception (any: a journal that cannot be written, a bug) stops the
    pool like a stop flag: no new item starts, the items in flight finish, and
    then it is raised. If the caller is cancelled, the items in flight still
    finish before the cancellation goes on.
    """
    queue = iter(items)
    failures: list[BaseException] = []
    running = 0
    finished = asyncio.Condition()

    def room() -> bool:
        return width is None or running < max(1, width())

    async def worker() -> None:
        nonlocal running
        while True:
            async with finished:
                await finished.wait_for(lambda: room() or bool(failures) or stopped())
                if failures or stopped():
                    return
                item = next(queue, _DONE)
                if item is _DONE:
                    return
                running += 1
            try:
                await work(item)  # type: ignore[arg-type]
            except BaseException as error:
                failures.append(error)
                return
            finally:
                async with finished:
                    running -= 1
                    finished.notify_all()

    tasks = [asyncio.create_task(worker()) for _ in range(max(1, concurrency))]
    everything = asyncio.gather(*tasks)
    cancelled = False
    while not everything.done():
        try:
            await asyncio.shield(everything)
        except asyncio.CancelledError:
            if everything.done():
                break
            cancelled = True
            failures.append(asyncio.CancelledError())
    if cancelled:
        raise asyncio.CancelledError
    if failures:
        raise failures[0]
