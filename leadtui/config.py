"""Profiles and settings: TOML at the platform config path, written back with tomli-w.

A password is never required in the file: it comes from ``LEADTUI_PASSWORD``,
a ``password_command`` or a prompt. A file that does hold one must not be
readable by group or others; such a file is refused with the command that fixes
it.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import tomllib
from pathlib import Path
from typing import Literal

import platformdirs
import tomli_w
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from leadtui.api.vicidial.requests import SearchLocation

APP = "leadtui"
PASSWORD_ENV = "LEADTUI_PASSWORD"
CONFIG_ENV = "LEADTUI_CONFIG"
JOURNAL_ENV = "LEADTUI_JOURNAL"


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
    concurrency: int = Field(default=4, ge=1, le=32)
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
            "emulator",
        } and not host.startswith("127.")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default_profile: str | None = None
    journal_path: str | None = None
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


def config_path(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return platformdirs.user_config_path(APP) / "config.toml"


def journal_path(config: Config) -> Path:
    if os.environ.get(JOURNAL_ENV):
        return Path(os.environ[JOURNAL_ENV])
    if config.journal_path:
        return Path(config.journal_path).expanduser()
    return platformdirs.user_data_path(APP) / "journal.sqlite3"


def load_config(path: Path) -> Config:
    if not path.exists():
        return Config()
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML", str(error)) from None
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(
            f"{path} has an invalid setting", _explain(error, text)
        ) from None
    if any(p.password is not None for p in config.profiles.values()):
        _refuse_readable_password(path)
    return config


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


def _refuse_readable_password(path: Path) -> None:
    if os.name != "posix":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path} holds a password and other users can read it",
            f"run: chmod 600 {path}   (or remove the password and use "
            f"{PASSWORD_ENV} or password_command)",
        )


def save_config(config: Config, path: Path) -> None:
    """Write the config back (mode 0600), profiles in their current order."""
    data = config.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    for profile in data.get("profiles", {}).values():
        profile.pop("name", None)
        if "password" in profile:
            profile.pop("password")
    for name, profile in config.profiles.items():
        if profile.password is not None:
            data["profiles"][name]["password"] = profile.password.get_secret_value()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(tomli_w.dumps(data))
    os.replace(tmp, path)


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
            command, shell=True, capture_output=True, text=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{setting} timed out", command) from None
    if done.returncode != 0:
        raise ConfigError(
            f"{setting} failed (exit {done.returncode})",
            "the command's output is not shown because it may hold the secret",
        )
    secret = done.stdout.rstrip("\n")
    if not secret:
        raise ConfigError(f"{setting} printed nothing", command)
    return secret
