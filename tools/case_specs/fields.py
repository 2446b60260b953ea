"""Field edits: every writable field with odd values, read back; --BLANK-- on every field."""

from __future__ import annotations

from dsl import Cases, G, field, info, upd

ODD_TEXT = {
    "accent": "Jos\u00e9 M\u00fcller",
    "emoji": "hi \U0001f600 there",
    "plus": "a+b+c",
    "pipe": "a|b|c",
    "amp": "a&b",
    "apos": "O'Brien",
    "dquote": 'say "hi"',
    "semi_hash": "a;b#c",
    "backslash_inner": "a\\b",
    "backslash_n": "a\\nb",
    "backslash_escapes": "t\\tx\\0y\\Zz\\%q\\_w\\\\v",
    "newline": "line1\nline2",
    "crlf": "line1\r\nline2",
    "tab": "a\tb",
    "long": "x" * 300,
    "long_accent": "\u00e9" * 120,
    "spaces": "  padded  ",
    "punct": "a-b_c.d:e/f@g%h'i",
    "percent": "100%",
    "blank_inside": "x--BLANK--y",
    "lower_blank": "--blank--",
    "unicode_letters": "\u0416\u0443\u043a \u5317\u4eac",
    "digits": "0012345",
    "qmark": "what?",
    "lt_gt": "<b>&amp;</b>",
}
TEXT_FIELDS = (
    "vendor_lead_code",
    "source_id",
    "title",
    "first_name",
    "middle_initial",
    "last_name",
    "address1",
    "address2",
    "address3",
    "city",
    "state",
    "province",
    "postal_code",
    "country_code",
    "alt_phone",
    "email",
    "security_phrase",
    "comments",
    "owner",
    "status",
    "user_field",
)
ODD_NUMBERS = {
    "gmt_offset_now": [
        "-5.5",
        "5.555",
        "-0.005",
        "999",
        "-100",
        "1.2.3",
        "5-",
        "_5",
        "abc",
        "+3",
        "-12.345",
        ".5",
        "--5",
    ],
    "rank": [
        "-5",
        "0",
        "32767",
        "32768",
        "99999999999999999999",
        "007",
        "1e3",
        "12abc",
    ],
    "called_count": ["65535", "65536", "0", "-1", "99999999999999999999", "0042"],
    "phone_code": ["44", "0001", "12345678901", "1a2", "+1"],
    "list_id_field": ["101", "138", "999", "0", "99999999999999999999", "abc"],
    "entry_list_id": ["0", "138", "12345", "99999999999999999999"],
    "date_of_birth": [
        "1980-02-29",
        "1981-02-29",
        "19800102",
        "800102",
        "2020-13-01",
        "1-2-3",
        "2020-01-05-10",
        "abc",
        "2020/01/05",
        "0000-00-00",
        "99-12-31",
        "-",
    ],
    "gender": ["M", "f", "F", "U", "X", "MALE", "m1", "1", "2"],
}


def build(c: Cases) -> None:
    lead = 1100
    for fname in TEXT_FIELDS:
        for tag, value in ODD_TEXT.items():
            lead += 1
            if lead > 1499:
                lead = 1100
            read = field(str(lead), "user" if fname == "user_field" else fname)
            steps = [upd(str(lead), **{fname: value}), read]
            if tag in (
                "apos",
                "newline",
                "pipe",
                "emoji",
                "accent",
                "backslash_escapes",
                "long",
            ):
                steps.insert(1, info(str(lead)))
            c.add(f"{fname}_{tag}", *steps)
    for fname, values in ODD_NUMBERS.items():
        for i, value in enumerate(values):
            lead = 1020 + i
            c.add(
                f"{fname}_{i}",
                upd(str(lead), **{fname: value}),
                info(str(lead)),
                field(str(lead), "list_id" if fname == "list_id_field" else fname),
            )
    c.add(
        "same_value_twice",
        upd("1030", first_name="Olga"),
        upd("1030", first_name="olga"),
        upd("1030", first_name="olga"),
        info("1030"),
    )
    c.add(
        "all_fields_at_once",
        upd(
            "1031",
            user_field="agent1",
            status="SALE",
            vendor_lead_code="VX1",
            source_id="SRCX",
            gmt_offset_now="-6.00",
            title="Dr",
            first_name="Ann",
            middle_initial="Q",
            last_name="Lee",
            address1="2 Elm St",
            address2="Apt 3",
            address3="Bldg 4",
            city="Austin",
            state="TX",
            province="Travis",
            postal_code="73301",
            country_code="USA",
            gender="F",
            date_of_birth="1970-05-06",
            alt_phone="5125550000",
            email="ann@example.org",
            security_phrase="blue",
            comments="all fields",
            rank="7",
            owner="o7",
            called_count="3",
            phone_code="1",
            list_id_field="102",
            entry_list_id="102",
            reset_lead="Y",
        ),
        info("1031"),
        field("1031", "called_since_last_reset"),
    )
    c.add(
        "update_phone_number_variants",
        upd("1032", phone_number="3129990001", update_phone_number="Y"),
        info("1032"),
        upd("1032", phone_number="123", update_phone_number="Y"),
        field("1032", "phone_number"),
        upd("1032", phone_number="1234567890123456789012", update_phone_number="Y"),
        field("1032", "phone_number"),
        upd("1032", phone_number="312,555", update_phone_number="Y"),
        field("1032", "phone_number"),
        upd("1032", phone_number="3125550999", update_phone_number="y"),
        field("1032", "phone_number"),
    )
    c.add(
        "reset_lead_values",
        upd("1033", reset_lead="y"),
        upd("1033", reset_lead="YES"),
        field("1033", "called_since_last_reset"),
        upd("1033", reset_lead="Y"),
        field("1033", "called_since_last_reset"),
        upd("1033", reset_lead="Y"),
    )
    c.add(
        "newline_and_blank_combo",
        upd("1034", comments="a\nb", vendor_lead_code="--BLANK--", source_id="s\n"),
        info("1034"),
        field("1034", "comments"),
        field("1034", "source_id"),
    )
    c.add(
        "backslash_before_newline",
        upd("1035", comments="x\\\ny"),
        field("1035", "comments"),
    )
    c.add("trailing_backslash_comments", upd("1036", comments="end\\"), info("1036"))
    c.add(
        "trailing_backslash_vendor", upd("1036", vendor_lead_code="V\\"), info("1036")
    )
    c.add(
        "trailing_backslash_then_delete",
        upd("1037", comments="end\\", delete_lead="Y"),
        info("1037"),
    )
    c.add(
        "double_backslash_end",
        upd("1038", comments="end\\\\"),
        field("1038", "comments"),
    )
    c.add(
        "quote_escape_in_comments",
        upd("1039", comments="it\\'s"),
        field("1039", "comments"),
    )
    c.add(
        "only_lead_id_empty_body",
        upd("1040"),
        upd("1040", first_name=""),
        upd("1040", rank="", called_count=""),
    )


def build_blank(c: Cases) -> None:
    fields = (
        *TEXT_FIELDS,
        "gender",
        "date_of_birth",
        "gmt_offset_now",
        "phone_code",
        "rank",
        "called_count",
        "list_id_field",
        "entry_list_id",
    )
    for i, fname in enumerate(fields):
        lead = str(1200 + i)
        read = {"user_field": "user", "list_id_field": "list_id"}.get(fname, fname)
        c.add(
            f"blank_{fname}",
            upd(lead, **{fname: "--BLANK--"}),
            info(lead),
            field(lead, read),
        )
    c.add("blank_twice", upd("1250", email="--BLANK--"), upd("1250", email="--BLANK--"))
    c.add(
        "blank_batch",
        G(
            "batch_update_lead",
            lead_ids="1251,1252",
            email="--BLANK--",
            first_name="--BLANK--",
            gender="--BLANK--",
        ),
        info("1251"),
    )
