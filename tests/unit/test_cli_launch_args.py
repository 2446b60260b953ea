"""The TUI's launch is read without the whole parser (leadtui.cli_parser.launch_args):
whatever the arguments, it either gives exactly what the whole parser gives or
steps aside — never a different namespace, never a command taken for a launch."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.cli_parser import build_parser, launch_args

#: global options, their abbreviations, values, commands, help and oddities
TOKENS = [
    "--config", "--conf", "--profile", "-p", "-pmain", "--profile=main", "--url",
    "--user", "--us", "--demo", "--dem", "--demo-reset", "--demo-r", "--demo-voice",
    "--json", "--yes", "-y", "--dry-run", "-n", "--verbose", "--ver", "-v", "-vy",
    "-h", "--help", "--he", "--h", "--", "-", "main", "x.toml", "search", "log",
    "batch", "--lead-id", "1010", "--ids", "-1", "--unknown", "=", "",
]  # fmt: skip


def whole(argv: list[str]) -> argparse.Namespace | None:
    """What the whole parser makes of argv (None: it exits, with help or an error)."""
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        try:
            return build_parser().parse_args(argv)
        except SystemExit:
            return None


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=6))
def test_a_launch_reads_as_the_whole_parser_reads_it(argv: list[str]) -> None:
    quick = launch_args(argv)
    if quick is None:
        return  # the whole parser reads it
    full = whole(argv)
    assert full is not None, argv  # help or an error is never taken for a launch
    assert full.command is None, argv  # a command is never taken for a launch
    assert vars(quick) == vars(full), argv


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["--demo", "--demo-reset"],
        ["--demo-voice"],
        ["-p", "main"],
        ["--profile=main", "-v"],
        ["--url", "http://x/vicidial/non_agent_api.php", "--user", "api"],
        ["--config", "x.toml", "--demo-r"],
    ],
)
def test_the_launches_an_operator_types_take_the_short_way(argv: list[str]) -> None:
    quick = launch_args(argv)
    assert quick is not None and vars(quick) == vars(whole(argv))


@pytest.mark.parametrize(
    "argv",
    [["-h"], ["--help"], ["search", "--lead-id", "1"], ["--demo", "log"], ["--ver"]],
)
def test_help_commands_and_ambiguity_go_to_the_whole_parser(argv: list[str]) -> None:
    assert launch_args(argv) is None
