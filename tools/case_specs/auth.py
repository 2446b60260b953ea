"""Logins: lockout, wrong passwords, odd credentials."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    wrong = {"pass": "wrong", "lead_id": "1000", "no_update": "Y"}
    c.add(
        "lockout_fresh_user",
        *[G("update_lead", user="7777", **wrong) for _ in range(12)],
        G("lead_all_info", user="7777", lead_id="1000"),
    )
    c.add(
        "lockout_after_login",
        G("lead_all_info", user="7777", lead_id="1000"),
        *[G("update_lead", user="7777", **wrong) for _ in range(11)],
        G("lead_all_info", user="7777", lead_id="1000"),
        G("version"),
    )
    c.add(
        "lockout_long_run",
        G("lead_all_info", user="5555", lead_id="1000"),
        *[G("update_lead", user="5555", **wrong) for _ in range(22)],
    )
    c.add(
        "login_reset_counter",
        *[G("update_lead", user="4444", **wrong) for _ in range(9)],
        G("lead_all_info", user="4444", lead_id="1000"),
        *[G("update_lead", user="4444", **wrong) for _ in range(9)],
        G("lead_all_info", user="4444", lead_id="1000"),
    )
    for n, (user, pw) in enumerate(
        (
            ("6666", "ABCD"),
            ("6666", "1234 "),
            ("6666", "12'34"),
            ("6666", "12.34"),
            ("nouser", "1234"),
            ("", ""),
            ("6666", ""),
            ("66 66", "1234"),
            ("6666", "123"),
            ("6666", "12345"),
            ("6666", "\u00e91234"),
        )
    ):
        c.add(
            f"login_{n}",
            G(
                "update_lead",
                user=user,
                **{"pass": pw, "lead_id": "1000", "no_update": "Y"},
            ),
        )
    c.add(
        "login_case_insensitive_pass", G("list_info", **{"pass": "1234"}, list_id="101")
    )
