"""Profiles and settings: TOML at the platform config path, written back with tomlkit.

A password is never required in the file: it comes from ``LEADTUI_PASSWORD``,
a ``password_command`` or a prompt. A file that does hold one must not be
readable by group or others; such a file is refused with the command that fixes
it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import subprocess
import tempfile
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from leadtui import paths
from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.paths import CONFIG_ENV

PASSWORD_ENV = "LEADTUI_PASSWORD"


class ConfigError(Exception):
    """A config problem the operator must fix; ``detail`` says how."""

    def __init__(self, title: str, detail: str) -> None:
        super().__init__(f"{title}: {detail}")
        self.title = title
        self.detail = detail


class Profile(BaseModel):
    """One dialer (or VoiceAIWrapper account) and how to talk to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(default="", exclude=True)
    kind: Literal["vicidial", "voiceaiwrapper"] = "vicidial"
    #: VICIdial: the full URL of non_agent_api.php; VoiceAIWrapper: the API base URL.
    url: str
    user: str = ""
    #: The ``source`` label VICIdial logs with every call (2+ letters/digits).
    source: str = Field(default="leadtui", pattern=r"^[A-Za-z0-9]{2,20}$")
    default_location: SearchLocation = SearchLocation.SYSTEM
    default_list_id: int | None = None
    #: Most lead IDs per batch_update_lead call (the server's ``records``).
    records_cap: int = Field(default=1000, ge=1, le=100000)
    #: Applying to more leads than this asks for the lead count typed (TUI).
    confirm_typed_over: int = Field(default=500, ge=0)
    #: Most requests in flight. VICIdial: a ceiling; leadtui adapts below it to the
    #: pace the server answers at (default 8). VoiceAIWrapper: fixed (default 4).
    concurrency: int | None = Field(default=None, ge=1, le=32)
    timeout: float = Field(default=30.0, gt=0)
    read_only: bool = False
    verify_tls: bool = True
    ca_bundle: str | None = None
    password_command: str | None = None
    password: SecretStr | None = None
    #: VoiceAIWrapper only.
    campaign_id: str | None = None
    token_env: str = "VOICEAIWRAPPER_TOKEN"
    token_command: str | None = None
    bulk_size: int = Field(default=100, ge=1, le=1000)
    #: region of phone numbers written without + (VoiceAIWrapper CSV rows)
    phone_region: str = Field(default="US", pattern=r"^[A-Z]{2}$")

    @property
    def in_flight(self) -> int:
        """The ``concurrency`` set, or the backend's default."""
        if self.concurrency is not None:
            return self.concurrency
        return 8 if self.kind == "vicidial" else 4

    @property
    def verify(self) -> bool | str:
        if not self.verify_tls:
            return False
        return self.ca_bundle or True

    @property
    def insecure_transport(self) -> bool:
        """Plain http:// to a host that is not this machine: the password crosses the network."""
        match = re.match(r"(?i)^http://([^/:]+)", self.url)
        if not match:
            return False
        host = match.group(1).lower()
        return host not in {
            "localhost",
            "127.0.0.1",
            "::1",
            "[::1]",
            "emulator",  # the in-process demo dialers (no network at all)
            "voiceaiwrapper-emulator",
        } and not host.startswith("127.")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default_profile: str | None = None
    journal_path: str | None = None
    #: a shared PostgreSQL every operation is pushed to ("Working as a team"):
    #: an address without a password (team_password_command, LEADTUI_TEAM_PASSWORD
    #: or ~/.pgpass give it)
    team_journal: str | None = None
    team_password_command: str | None = None
    keymap: dict[str, str] = Field(default_factory=dict)
    profiles: dict[str, Profile] = Field(default_factory=dict)

    def profile(self, name: str | None) -> Profile:
        chosen = name or self.default_profile or next(iter(self.profiles), None)
        if chosen is None:
            raise ConfigError(
                "No profile",
                "create one in the config file (see config.example.toml) or pass --url and --user",
            )
        if chosen not in self.profiles:
            known = ", ".join(self.profiles) or "none"
            raise ConfigError("Unknown profile", f"{chosen!r} (known: {known})")
        return self.profiles[chosen].model_copy(update={"name": chosen})


def journal_path(config: Config) -> Path:
    return paths.journal_path(config.journal_path)


def load_config(path: Path) -> Config:
    """The config at ``path``; an empty one when nothing is there.

    Every problem is a :class:`ConfigError`, never a traceback: a file that is
    not UTF-8 (with the line and byte offset of the first bad byte; a UTF-8 BOM
    is accepted), a directory, a file that cannot be read, a broken symbolic
    link, a path below a plain file, a file that disappears between being
    found and being read, and the TOML and setting problems. The password mode
    check looks at the very file that was read.
    """
    try:
        found = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise _broken_link(path) from None
        return Config()
    except OSError as error:
        raise _unreadable(path, error) from None
    if stat.S_ISDIR(found.st_mode):
        raise _directory(path)
    try:
        with open(path, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            data = handle.read()
    except FileNotFoundError:
        raise ConfigError(
            f"{path} disappeared while being read",
            "it was there a moment before: is another program replacing it? Try again",
        ) from None
    except IsADirectoryError:
        raise _directory(path) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    text = _decode(path, data)
    try:
        toml = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML", str(error)) from None
    try:
        config = Config.model_validate(toml)
    except ValidationError as error:
        raise ConfigError(
            f"{path} has an invalid setting", _explain(error, text)
        ) from None
    if any(p.password is not None for p in config.profiles.values()):
        _refuse_readable_password(path, mode)
    return config


def _broken_link(path: Path) -> ConfigError:
    try:
        where = f"it points to {os.readlink(path)}, which does not exist"
    except OSError:
        where = "what it points to does not exist"
    return ConfigError(f"{path} is a broken symbolic link", where)


def _directory(path: Path) -> ConfigError:
    return ConfigError(
        f"{path} is a directory",
        f"the config must be a file: remove the directory, or point --config or "
        f"{CONFIG_ENV} at a file",
    )


def _unreadable(path: Path, error: OSError) -> ConfigError:
    if isinstance(error, PermissionError):
        why = "permission denied: make it readable by you (ls -l shows its owner and mode)"
    elif isinstance(error, NotADirectoryError):
        why = "part of the path is a file, not a directory"
    else:
        why = error.strerror or type(error).__name__
    return ConfigError(f"Cannot read {path}", why)


_NEWLINE = re.compile(rb"\r\n|\r|\n")


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM dropped), or a ConfigError naming the first bad byte."""
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        bad = skip + error.start
        line = len(_NEWLINE.findall(data, 0, bad)) + 1
        raise ConfigError(
            f"{path} is not UTF-8 text",
            f"line {line}, byte offset {bad}: byte 0x{data[bad]:02X} is not UTF-8; "
            "save the file as UTF-8",
        ) from None


def _explain(error: ValidationError, text: str) -> str:
    problems = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        line = _line_of(text, location)
        where = ".".join(location)
        at = f"line {line}, " if line else ""
        problems.append(f"{at}{where}: {item['msg']}")
    return "; ".join(problems)


def _line_of(text: str, location: list[str]) -> int | None:
    """The line where the last key of ``location`` is set (best effort)."""
    if not location:
        return None
    key = location[-1]
    section = ""
    if location[0] == "profiles" and len(location) >= 2:
        section = f"profiles.{location[1]}"
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            current = line.strip("[] ").replace('"', "")
            if current == section and len(location) == 2:
                return number
            continue
        if current == section and re.match(rf"{re.escape(key)}\s*=", line):
            return number
    return None


def _refuse_readable_password(path: Path, mode: int) -> None:
    if os.name != "posix":
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path} holds a password and other users can read it",
            f"run: chmod 600 {path}   (or remove the password and use "
            f"{PASSWORD_ENV} or password_command)",
        )


def save_config(config: Config, path: Path) -> None:
    """Write the config back (mode 0600) into the file as the operator wrote it:
    comments, key order and spelled-out values stay; only what changed changes."""
    wanted = config.model_dump(mode="json")
    for name, profile in config.profiles.items():
        settings = wanted["profiles"][name]
        settings.pop("name", None)
        settings["password"] = (
            profile.password.get_secret_value() if profile.password else None
        )
    defaults = Profile(url="").model_dump(mode="json")
    # through a symbolic link (a dotfiles checkout), replace the file it names
    target = Path(os.path.realpath(path))
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
        try:
            old = target.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            old = ""
        from leadtui.config_merge import merged_toml  # tomlkit: only when saving

        text = merged_toml(old, wanted, defaults)
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp: mode 0600
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as error:
        raise _unsaved(path, error) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _unsaved(path: Path, error: OSError) -> ConfigError:
    if isinstance(error, PermissionError):
        why = "permission denied: the directory must be writable by you"
    elif isinstance(error, IsADirectoryError):
        why = "a directory is in the way: remove it, or save somewhere else"
    elif isinstance(error, (NotADirectoryError, FileExistsError)):
        why = "part of the path is a file, not a directory"
    else:
        why = error.strerror or type(error).__name__
    where = f" ({error.filename})" if error.filename else ""
    return ConfigError(f"Cannot save {path}", f"{why}{where}; nothing was changed")


def resolve_password(profile: Profile, prompt: bool = True) -> SecretStr:
    """The profile's password: environment, password_command, file, or a prompt."""
    if os.environ.get(PASSWORD_ENV):
        return SecretStr(os.environ[PASSWORD_ENV])
    if profile.password_command:
        return SecretStr(
            _run_secret_command(profile.password_command, "password_command")
        )
    if profile.password is not None:
        return profile.password
    if prompt:
        import getpass

        return SecretStr(
            getpass.getpass(f"Password for {profile.user} at {profile.url}: ")
        )
    raise ConfigError(
        "No password",
        f"set {PASSWORD_ENV}, or password_command in profile {profile.name!r}",
    )


TEAM_PASSWORD_ENV = "LEADTUI_TEAM_PASSWORD"


def resolve_team_password(config: Config) -> str | None:
    """The team journal's password, if one is set (else libpq's own: ~/.pgpass,
    PGPASSWORD)."""
    if os.environ.get(TEAM_PASSWORD_ENV):
        return os.environ[TEAM_PASSWORD_ENV]
    if config.team_password_command:
        return _run_secret_command(
            config.team_password_command, "team_password_command"
        )
    return None


def resolve_token(profile: Profile, prompt: bool = False) -> SecretStr:
    """VoiceAIWrapper bearer token: token_command, else the token_env variable."""
    if profile.token_command:
        return SecretStr(_run_secret_command(profile.token_command, "token_command"))
    if os.environ.get(profile.token_env):
        return SecretStr(os.environ[profile.token_env])
    raise ConfigError(
        "No API token",
        f"set {profile.token_env} or token_command in profile {profile.name!r}",
    )


def _run_secret_command(command: str, setting: str) -> str:
    try:
        done = subprocess.run(
            command, shell=True, capture_output=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{setting} timed out", command) from None
    except OSError as error:
        raise ConfigError(
            f"{setting} could not be started", error.strerror or str(command)
        ) from None
    if done.returncode != 0:
        raise ConfigError(
            f"{setting} failed (exit {done.returncode})",
            "the command's output is not shown because it may hold the secret",
        )
    try:
        secret = done.stdout.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise ConfigError(
            f"{setting} printed something that is not UTF-8 text",
            "the output is not shown because it may hold the secret",
        ) from None
    if not secret:
        raise ConfigError(f"{setting} printed nothing", command)
    return secret
