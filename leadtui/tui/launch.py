"""What the command line asked the TUI to open, and loading it.

``leadtui`` paints its first screen before it reads the config: validating it
loads pydantic and the models (as long again as Textual's own start), which the
first frame does not need. :class:`Launch` is what the command line said, in
plain values; :func:`load_launch` turns it into a config and a profile, in a
thread, after the first frame.
"""

from __future__ import annotations

import argparse
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from leadtui.paths import config_path

if TYPE_CHECKING:
    from leadtui.config import Config, Profile


@dataclass(frozen=True)
class Launch:
    config_file: Path
    demo: bool = False
    demo_voice: bool = False
    url: str | None = None
    user: str | None = None
    profile: str | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Launch:
        return cls(
            config_file=config_path(args.config),
            demo=bool(args.demo or args.demo_voice),
            demo_voice=bool(args.demo_voice),
            url=args.url,
            user=args.user,
            profile=args.profile,
        )

    @property
    def first_mode(self) -> str | None:
        """The screen that can open before the config is read: the VICIdial
        demo's search (its profile is built in); None for the others, whose
        first screen depends on the config."""
        return "search" if self.demo and not self.demo_voice else None


#: what a session needs first (connect, preflight, search), imported with the
#: config in the loading thread rather than on the event loop when first used
FIRST_NEEDED = ("leadtui.ops.session", "leadtui.ops.preflight", "leadtui.ops.search")


class LaunchFailed(Exception):
    """The config did not load, or lacks the profile asked for (the message says
    which and why, as the headless commands say it)."""


def load_launch(launch: Launch) -> tuple[Config, Profile | None]:
    """The config and the profile to open (None: the operator chooses one).

    Raises :class:`LaunchFailed` for a config that does not load or a profile it
    lacks. Run it in a thread: it imports pydantic, the models and the client.
    """
    from leadtui.config import ConfigError

    try:
        chosen = _load(launch)
    except ConfigError as error:
        raise LaunchFailed(f"{error.title}\n  {error.detail}") from error
    for module in FIRST_NEEDED:
        importlib.import_module(module)
    return chosen


def _load(launch: Launch) -> tuple[Config, Profile | None]:
    from leadtui.config import Profile, load_config
    from leadtui.connect import demo_profile, demo_voice_profile

    config = load_config(launch.config_file)
    profile: Profile | None = None
    if launch.demo_voice:
        profile = demo_voice_profile()
    elif launch.demo:
        profile = demo_profile()
    elif launch.url:
        profile = Profile(name="adhoc", url=launch.url, user=launch.user or "")
        config = config.model_copy(
            update={"profiles": {**config.profiles, "adhoc": profile}}
        )
    elif launch.profile:
        profile = config.profile(launch.profile)
    return config, profile
