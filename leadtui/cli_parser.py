"""The command line's grammar: every command, its options, and the global
options taken before or after it. ``leadtui.cli`` imports this only once it
knows it has more to do than print the version."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

from leadtui import VERSION_LINE


def _ids_arguments(parser: argparse.ArgumentParser, *, positional: bool = True) -> None:
    if positional:
        parser.add_argument("lead_ids", nargs="*", metavar="LEAD_ID", help="lead IDs")
    parser.add_argument(
        "--ids", help="lead IDs separated by commas, spaces or newlines"
    )
    parser.add_argument("--ids-file", metavar="PATH", help="read lead IDs from a file")
    parser.add_argument(
        "--csv-column",
        metavar="NAME|INDEX",
        help="the file is a CSV: take IDs from this column",
    )


def add_global_options(
    parser: argparse.ArgumentParser, *, after_command: bool = False
) -> None:
    """The options every command takes, before it or after it."""

    def add(*names: str, **options: Any) -> None:
        if after_command:
            options["default"] = argparse.SUPPRESS
        parser.add_argument(*names, **options)

    add("--config", metavar="PATH", help="config file (default: platform config dir)")
    add("--profile", "-p", help="profile name from the config file")
    add("--url", help="non_agent_api.php URL (instead of a profile)")
    add(
        "--user",
        help="API user (with --url); password from LEADTUI_PASSWORD or a prompt",
    )
    add("--demo", action="store_true", help="use the built-in demo dialer (no network)")
    add(
        "--demo-reset",
        action="store_true",
        help="with --demo: start from fresh demo data",
    )
    add(
        "--demo-voice",
        action="store_true",
        help="use the built-in VoiceAIWrapper demo campaign (no network)",
    )
    add("--json", action="store_true", help="print JSON")
    add("--yes", "-y", action="store_true", help="do not ask before writing")
    add(
        "--dry-run",
        "-n",
        action="store_true",
        help="show what would be sent; send nothing",
    )
    add(
        "--verbose",
        "-v",
        action="store_true",
        help="log requests (never passwords) to stderr",
    )


def _top_level_options(parser: argparse.ArgumentParser) -> None:
    """What the parser takes before any command: --version and the global options."""
    parser.add_argument("--version", action="version", version=VERSION_LINE)
    add_global_options(parser)


class _NotALaunch(Exception):
    """The arguments are more than a TUI launch: the whole parser reads them."""


class _LaunchParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotALaunch(message)


def launch_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments of a TUI launch (global options, no command), read without
    building every command's parser (that costs ~9 ms before the first frame);
    None for anything else — a command, --help, an unknown option, an error —
    which the whole parser then reads. Both give the same namespace
    (tests/unit/test_cli_launch_args.py)."""
    parser = _LaunchParser(prog="leadtui", add_help=False)
    _top_level_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotALaunch:
        return None
    if rest:
        return None
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadtui",
        description="Find, fix, batch-update, reset and delete VICIdial leads.",
        epilog=(
            "With no command, leadtui opens the terminal UI. Exit codes: 0 ok; 1 an "
            "API or operation error, or not every lead changed; 2 usage or "
            "configuration; 130 interrupted (Ctrl+C) and 143 terminated (SIGTERM), "
            "after the requests on the wire were answered and journaled."
        ),
    )
    _top_level_options(parser)
    # the same options after the command (and its arguments), as git and kubectl
    # take them; SUPPRESS keeps an option given before the command when it is not
    # repeated after. A command option with a global's name would be an argparse
    # conflict when the parser is built: a clash cannot ship.
    after = argparse.ArgumentParser(add_help=False)
    add_global_options(after, after_command=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, **options: Any) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[after], **options)

    search = command("search", help="find leads as update_lead would match them")
    search.add_argument("--lead-id", type=int)
    search.add_argument("--vendor-code")
    search.add_argument("--phone")
    search.add_argument("--location", choices=["SYSTEM", "LIST", "CAMPAIGN"])
    search.add_argument("--list-id", type=int)
    search.add_argument(
        "--records", type=int, default=1, help="how many matches an update would change"
    )

    show = command("show", help="every field of one lead")
    show.add_argument("lead_id", type=int)

    update = command("update", help="change fields of one lead (diff shown first)")
    update.add_argument("lead_id", type=int)
    update.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="--BLANK-- clears; custom:LABEL=VALUE sets a custom field",
    )
    update.add_argument(
        "--new-phone",
        metavar="DIGITS",
        help="change the phone number (update_phone_number)",
    )

    batch = command(
        "batch", help="one set of values for many leads (batch_update_lead)"
    )
    _ids_arguments(batch, positional=False)
    batch.add_argument("--set", action="append", metavar="FIELD=VALUE")
    batch.add_argument(
        "--records",
        type=int,
        help="IDs per request (default: the profile's records cap)",
    )
    batch.add_argument(
        "--list-exists-check",
        action="store_true",
        help="refuse a list_id_field that does not exist",
    )
    batch.add_argument(
        "--reset",
        action="store_true",
        help="also reset the leads (called_since_last_reset=N)",
    )
    batch.add_argument(
        "--no-before-images",
        action="store_true",
        help="skip reading leads first (faster, no undo)",
    )

    delete = command(
        "delete", help="delete leads (before-images kept; asks to type the count)"
    )
    _ids_arguments(delete)

    clear_custom = command(
        "clear-custom",
        help="delete leads' custom field data (delete_cf_data; asks to type the count)",
    )
    _ids_arguments(clear_custom)

    reset = command("reset", help="reset leads for redialing")
    _ids_arguments(reset)
    reset.add_argument(
        "--called-count", type=int, default=0, help="set called_count (default 0)"
    )
    reset.add_argument(
        "--hopper", action="store_true", help="then add them to the hopper"
    )
    reset.add_argument(
        "--remove-callbacks", action="store_true", help="then remove their callbacks"
    )

    hopper = command("hopper", help="add leads to the hopper or remove them")
    hopper.add_argument("action", choices=["add", "remove"])
    _ids_arguments(hopper)
    hopper.add_argument("--priority", type=int, help="hopper priority -99..99")

    callbacks = command("callbacks", help="remove scheduled callbacks of leads")
    callbacks.add_argument("action", choices=["remove"])
    _ids_arguments(callbacks)

    dnc = command(
        "dnc",
        help="numbers on DNC lists: add, remove, check, evidence",
        description=(
            "Add numbers to the system DNC list (default) or one campaign's, take "
            "them off, check them, or print the evidence of when each was done. "
            "Setting a lead's status to DNC puts no number on any list: this does. "
            "Numbers come from the command line, --numbers-file, or the phone "
            "numbers of the leads in --ids/--ids-file."
        ),
    )
    dnc.add_argument("action", choices=["add", "remove", "check", "evidence"])
    dnc.add_argument("numbers", nargs="*", metavar="PHONE", help="phone numbers")
    scope = dnc.add_mutually_exclusive_group()
    scope.add_argument("--campaign", metavar="ID", help="the campaign's DNC list")
    scope.add_argument(
        "--system",
        action="store_true",
        help="the system DNC list (SYSTEM_INTERNAL; the default)",
    )
    scope.add_argument(
        "--lead-campaign",
        action="store_true",
        help="with --ids/--ids-file: each lead's number on its own campaign's list",
    )
    dnc.add_argument(
        "--numbers-file",
        metavar="PATH",
        help="phone numbers, one per line or separated by commas",
    )
    _ids_arguments(dnc, positional=False)
    dnc.add_argument(
        "--operation",
        type=int,
        metavar="ID",
        help="evidence: only this operation (default: every DNC operation)",
    )
    dnc.add_argument(
        "--export",
        choices=["csv", "jsonl"],
        help="evidence format (default csv; jsonl with --json)",
    )
    dnc.add_argument(
        "--output", "-o", metavar="PATH", help="evidence file (default: stdout)"
    )

    log = command("log", help="the session journal")
    log.add_argument("operation_id", type=int, nargs="?")
    log.add_argument("--limit", type=int, default=50)
    log.add_argument("--export", choices=["csv", "jsonl"])
    log.add_argument(
        "--output", "-o", metavar="PATH", help="export file (default: stdout)"
    )
    log.add_argument(
        "--verify",
        action="store_true",
        help="check the journal's hash chain (with --team, every team chain too)",
    )
    log.add_argument(
        "--team", action="store_true", help="the team journal: every operator's work"
    )
    log.add_argument(
        "--operator", metavar="NAME", help="with --team: an OS or API user"
    )
    log.add_argument(
        "--since", metavar="DATE", help="with --team: started on or after (YYYY-MM-DD)"
    )
    log.add_argument(
        "--lead", type=int, metavar="ID", help="with --team: who touched this lead"
    )

    team = command("team", help="the team journal on PostgreSQL (team_journal)")
    team.add_argument(
        "action",
        choices=["setup", "push"],
        help="setup: create its tables (as their owner); push: send this journal now",
    )
    team.add_argument(
        "--grant",
        action="append",
        default=[],
        metavar="ROLE",
        help="with setup: the operators' role, allowed to read and append only",
    )
    team.add_argument(
        "--owner",
        metavar="ADDRESS",
        help="with setup: connect as the tables' owner (default: team_journal)",
    )

    undo = command("undo", help="restore the leads an operation changed")
    undo.add_argument("operation_id", type=int)
    undo.add_argument(
        "--team",
        metavar="JOURNAL",
        help="another operator's operation, by its journal id (or its start) in "
        "the team journal",
    )

    resume = command("resume", help="finish an interrupted operation")
    resume.add_argument("operation_id", type=int)

    command("check", help="what this API user may do (harmless probes)")

    csv_batch = command("csv", help="per-row values from a CSV file (both backends)")
    csv_batch.add_argument("file", help="CSV with a header row")
    csv_batch.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help="map a column (empty FIELD ignores it)",
    )
    csv_batch.add_argument(
        "--region",
        default=None,
        help="VoiceAIWrapper: region of phone numbers without + (default: the profile's)",
    )
    csv_batch.add_argument(
        "--no-before-images",
        action="store_true",
        help="VICIdial: skip reading leads first",
    )
    csv_batch.add_argument(
        "--match",
        metavar="FIELDS",
        help=(
            "VICIdial upsert: match rows to leads by vendor_lead_code, phone_number "
            "or lead_id (comma-separated, tried in the server's order)"
        ),
    )
    csv_batch.add_argument(
        "--location",
        choices=["SYSTEM", "CAMPAIGN", "LIST"],
        default="SYSTEM",
        help="with --match: where to look (CAMPAIGN and LIST need --list-id)",
    )
    csv_batch.add_argument(
        "--list-id", type=int, metavar="ID", help="with --match: the list searched"
    )
    csv_batch.add_argument(
        "--insert-missing",
        action="store_true",
        help="with --match: insert a lead for each row that matches nothing",
    )
    csv_batch.add_argument(
        "--insert-list", type=int, metavar="ID", help="the list new leads go into"
    )
    csv_batch.add_argument(
        "--phone-code",
        default="1",
        metavar="CODE",
        help="phone code of new leads whose row has none (default 1)",
    )
    csv_batch.add_argument(
        "--records",
        type=int,
        help="with --match: how many leads one row may change (default 1)",
    )
    completion = command(
        "completion",
        help="print a shell completion script: bash, zsh or fish",
        description=(
            "Print a completion script for commands, options, profile names and "
            "operation IDs. bash: add `source <(leadtui completion bash)` to "
            '~/.bashrc. zsh: add `eval "$(leadtui completion zsh)"` to ~/.zshrc '
            "after compinit. fish: `leadtui completion fish > "
            "~/.config/fish/completions/leadtui.fish`."
        ),
    )
    completion.add_argument("shell", nargs="?", choices=["bash", "zsh", "fish"])
    # what the scripts ask for at TAB time; not for people
    completion.add_argument(
        "--values", choices=["profiles", "operations"], help=argparse.SUPPRESS
    )
    return parser
