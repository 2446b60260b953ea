"""The batch preview's summary counts verdicts inline (100,000 leads before the
first frame): it must say exactly what ``verdict`` says of each lead."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.tui.widgets.batch_views import count_verdicts, verdict

VALUES = st.sampled_from(["NEW", "DNC", "", "101"])
IMAGES = st.one_of(
    st.none(),
    st.builds(
        BeforeImage,
        lead_id=st.just(0),
        state=st.sampled_from(list(ImageState)),
        values=st.one_of(
            st.none(),
            st.dictionaries(st.sampled_from(["status", "list_id", "title"]), VALUES),
        ),
        detail=st.sampled_from(["", "HTTP 500"]),
    ),
)


@given(
    images=st.lists(IMAGES, max_size=40),
    predicted=st.dictionaries(st.sampled_from(["status", "list_id"]), VALUES),
)
def test_the_summary_counts_what_each_row_says(
    images: list[BeforeImage | None], predicted: dict[str, str]
) -> None:
    ids = list(range(len(images)))
    known = {i: image for i, image in enumerate(images) if image is not None}
    expected = Counter(verdict(known.get(i), predicted) for i in ids)
    assert count_verdicts(ids, known, predicted) == expected
