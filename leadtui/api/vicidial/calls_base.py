"""What the client's call mixins (DNC, lists) rely on: ``_call``, which sends
one request and parses its answer (defined by VicidialClient)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from leadtui.api.vicidial.requests import FormPairs

T = TypeVar("T")


class Calls:
    """Base of the mixins of :class:`~leadtui.api.vicidial.client.VicidialClient`."""

    if TYPE_CHECKING:

        async def _call(
            self,
            function: str,
            pairs: FormPairs,
            parse: Callable[[str, int], T],
            *,
            read: bool,
        ) -> T: ...
