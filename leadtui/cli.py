"""``leadtui``: the TUI with no command, headless subcommands otherwise.

Exit codes: 0 ok, 1 API or operation error (including "not every lead was
changed"), 2 usage or configuration error, 130 interrupted (Ctrl+C), 143
terminated (SIGTERM). A signal during an operation stops it cooperatively: the
requests on the wire finish and are journaled first.

The grammar is ``leadtui.cli_parser``. Nothing heavier than ``sys`` is imported
before the arguments are known: ``--version`` answers before argparse loads,
the commands import asyncio and their modules once chosen.
"""

from __future__ import annotations

import sys

from leadtui import VERSION_LINE

TYPE_CHECKING = False  # importing typing took longer than Python's own start
if TYPE_CHECKING:
    import argparse
    from collections.abc import Awaitable, Callable, Sequence

    from leadtui.commands.context import CommandContext

    Handler = Callable[[CommandContext], Awaitable[int]]


def _completion(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from leadtui import completion
    from leadtui.cli_parser import build_parser

    if args.values:
        found = completion.values(args.values, config=args.config, demo=bool(args.demo))
        if found:
            print("\n".join(found))
        return 0
    if args.shell is None:
        parser.exit(2, "leadtui completion: name a shell: bash, zsh or fish\n")
    print(completion.script(build_parser(), args.shell).rstrip("\n"))
    return 0


def _handlers() -> dict[str, Handler]:
    from leadtui.commands import (
        bulk,
        csv_batch,
        do_not_call,
        history,
        leads,
        team_views,
    )

    return {
        "search": leads.search,
        "show": leads.show,
        "update": leads.update,
        "batch": bulk.batch,
        "delete": bulk.delete,
        "clear-custom": bulk.clear_custom,
        "reset": bulk.reset,
        "hopper": bulk.hopper_cmd,
        "callbacks": bulk.callbacks_cmd,
        "log": history.log,
        "undo": history.undo,
        "resume": history.resume,
        "check": history.check,
        "team": team_views.team_cmd,
        "csv": csv_batch.csv_cmd,
        "dnc": do_not_call.dnc_cmd,
    }


#: what each command needs from the backend (commands not listed work on both)
_FEATURES = {
    "search": "search",
    "show": "search",
    "update": "edit",
    "batch": "batch-ids",
    "delete": "delete",
    "clear-custom": "delete",
    "reset": "reset",
    "hopper": "hopper",
    "callbacks": "callbacks",
    "check": "search",
    "dnc": "dnc",
}


class Terminated(BaseException):
    """SIGTERM outside an operation: leave at once, with one line, exit 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        print(VERSION_LINE)
        return 0
    from leadtui.cli_parser import build_parser, launch_args

    args = launch_args(argv)
    if args is None:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command == "completion":
            return _completion(parser, args)
    if args.verbose:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    if args.command is None:
        # the TUI reads the config after its first frame (leadtui.tui.launch)
        return _run_tui(args)
    # imported after the arguments: --help and --version load no pydantic or httpx
    from leadtui.config import ConfigError, load_config
    from leadtui.paths import config_path

    try:
        config = load_config(config_path(args.config))
    except ConfigError as error:
        print(f"leadtui: {error.title}\n  {error.detail}", file=sys.stderr)
        return 2
    import asyncio
    import signal

    from leadtui.commands.context import CommandContext

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return asyncio.run(
            _run_command(_handlers()[args.command], CommandContext(args, config))
        )
    except KeyboardInterrupt:
        print("leadtui: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("leadtui: terminated", file=sys.stderr)
        return 143


async def _run_command(handler: Handler, ctx: CommandContext) -> int:
    from leadtui.api.vicidial.errors import VicidialError
    from leadtui.api.voiceaiwrapper.errors import VoiceAIWrapperError
    from leadtui.commands.context import EXIT_FAILED, EXIT_USAGE, UsageError
    from leadtui.config import ConfigError
    from leadtui.ops.edit import EditConflict
    from leadtui.ops.features import Feature, unavailable
    from leadtui.ops.journal_errors import JournalError, OperationBusy
    from leadtui.ops.ownership import OperationRefused
    from leadtui.ops.session import ReadOnlyProfile

    try:
        feature = _FEATURES.get(ctx.args.command)
        why = unavailable(ctx.profile().kind, Feature(feature)) if feature else None
        if why:
            raise UsageError(
                f"{ctx.args.command} is not available for this profile: {why}"
            )
        code = await handler(ctx)
    except (UsageError, ConfigError, ReadOnlyProfile, JournalError) as error:
        ctx.warn(str(error))
        code = EXIT_USAGE
    except (
        VicidialError,
        VoiceAIWrapperError,
        EditConflict,
        OperationRefused,
        OperationBusy,
    ) as error:
        ctx.warn(str(error))
        code = EXIT_FAILED
    finally:
        ctx.close()
    if ctx.signalled is not None:
        ctx.warn(
            "interrupted: what was not sent is journaled; `leadtui resume` finishes it"
        )
        return ctx.signalled
    return code


def _run_tui(args: argparse.Namespace) -> int:
    try:
        from leadtui.tui.app import run_app
    except ImportError:
        print(
            "leadtui: the terminal UI is not available in this build", file=sys.stderr
        )
        return 2
    return run_app(args)


if __name__ == "__main__":
    raise SystemExit(main())
