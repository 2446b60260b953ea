"""No read parser turns a page that is not the API's answer into data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.parse_lead_all_info import parse_lead_all_info
from leadtui.api.vicidial.parse_reads import (
    parse_lead_callback_info,
    parse_lead_search,
    parse_list_custom_fields,
    parse_list_info,
    parse_version,
)

READS: dict[str, Callable[[str, int], Any]] = {
    "lead_all_info": parse_lead_all_info,
    "lead_search": parse_lead_search,
    "list_info": parse_list_info,
    "list_custom_fields": parse_list_custom_fields,
    "lead_callback_info": parse_lead_callback_info,
    "version": parse_version,
}

PAGES = st.builds(
    lambda head, middle, tail: head + middle + tail,
    st.sampled_from(["", "\n", "<!DOCTYPE html>\n", "<html>"]),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=200),
    st.sampled_from(["</body></html>\n", "</html>", "</BODY>"]),
)


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(sorted(READS)),
    page=PAGES,
    status=st.sampled_from([200, 500, 502, 503, 404]),
)
def test_pages_are_errors_not_data(name: str, page: str, status: int) -> None:
    with pytest.raises(e.VicidialError) as caught:
        READS[name](page, status)
    if status >= 500:
        assert not caught.value.outcome_known


@pytest.mark.parametrize("name", sorted(set(READS) - {"list_custom_fields"}))
def test_an_empty_200_is_not_data(name: str) -> None:
    with pytest.raises(e.VicidialError):
        READS[name]("", 200)
