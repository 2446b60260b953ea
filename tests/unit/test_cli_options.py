"""Global options work before the command and after it (and its arguments), with
the same meaning — every command × every global option, in both positions."""

from __future__ import annotations

import argparse

import pytest

from leadtui.cli_parser import add_global_options, build_parser

#: the fewest arguments each command needs
COMMANDS: dict[str, list[str]] = {
    "search": ["--lead-id", "1010"],
    "show": ["1010"],
    "update": ["1010", "--set", "status=NI"],
    "batch": ["--ids", "1,2", "--set", "status=NI"],
    "delete": ["1010"],
    "clear-custom": ["1010"],
    "reset": ["1010"],
    "hopper": ["add", "1010"],
    "callbacks": ["remove", "1010"],
    "log": [],
    "undo": ["3"],
    "resume": ["3"],
    "check": [],
    "csv": ["leads.csv"],
    "completion": ["bash"],
    "dnc": ["add", "3125550010"],
    "team": ["push"],
}


def global_options() -> list[tuple[list[str], str, object]]:
    """(argv, attribute, expected value) for every global option."""
    probe = argparse.ArgumentParser(add_help=False)
    add_global_options(probe)
    found: list[tuple[list[str], str, object]] = []
    for action in probe._actions:
        name = action.option_strings[-1] if action.option_strings else None
        if name is None:
            continue
        if action.nargs == 0:  # a flag
            found.append(([name], action.dest, True))
        else:
            found.append(([name, "value"], action.dest, "value"))
    return found


def test_every_command_is_listed() -> None:
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(sub.choices) == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_global_option_means_the_same_before_and_after(
    command: str, where: str
) -> None:
    parser = build_parser()
    for option, dest, value in global_options():
        argv = (
            [*option, command, *COMMANDS[command]]
            if where == "before"
            else [command, *COMMANDS[command], *option]
        )
        args = parser.parse_args(argv)
        assert getattr(args, dest) == value, (argv, dest)
        # and the others keep their defaults
        plain = parser.parse_args([command, *COMMANDS[command]])
        for _, other, _ in global_options():
            if other != dest:
                assert getattr(args, other) == getattr(plain, other), (argv, other)


def test_an_option_before_the_command_is_not_reset_after_it() -> None:
    args = build_parser().parse_args(
        ["--json", "--profile", "main", "batch", "--ids", "1", "--set", "status=X"]
    )
    assert args.json is True and args.profile == "main"
