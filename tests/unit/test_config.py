"""Config: profiles, safety of passwords in the file, errors that name the line."""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from leadtui.config import (
    Config,
    ConfigError,
    Profile,
    load_config,
    resolve_password,
    save_config,
)

GOOD = """
default_profile = "main"

[profiles.main]
url = "https://dialer.example.com/vicidial/non_agent_api.php"
user = "6666"
records_cap = 500

[profiles.ro]
url = "https://dialer.example.com/vicidial/non_agent_api.php"
user = "5555"
read_only = true
"""


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_profiles_load_with_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    main = config.profile(None)
    assert (main.name, main.records_cap, main.in_flight, main.verify_tls) == (
        "main",
        500,
        8,
        True,
    )
    assert config.profile("ro").read_only


def test_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nope.toml").profiles == {}


def test_unknown_profile_lists_the_known_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    with pytest.raises(ConfigError, match="main, ro"):
        config.profile("prod")


def test_malformed_value_names_line_and_field(tmp_path: Path) -> None:
    text = GOOD.replace("records_cap = 500", 'records_cap = "lots"')
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert (
        "line 7" in caught.value.detail
        and "profiles.main.records_cap" in caught.value.detail
    )


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="pasword"):
        load_config(write(tmp_path, GOOD + 'pasword = "x"\n'))


def test_broken_toml_says_where(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="line"):
        load_config(write(tmp_path, "[profiles.main\nurl = 1\n"))


def test_password_readable_by_others_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + 'password = "s3cret"\n', mode=0o644)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"chmod 600 {path}" in caught.value.detail
    assert "s3cret" not in str(caught.value)
    os.chmod(path, 0o600)
    assert load_config(path).profile("ro").password is not None


def test_save_writes_mode_600_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    config = Config(
        profiles={"x": Profile(url="https://d/vicidial/non_agent_api.php", user="1")}
    )
    save_config(config, path)
    assert (os.stat(path).st_mode & 0o777) == 0o600
    assert load_config(path).profile("x").url == "https://d/vicidial/non_agent_api.php"


def test_password_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = Profile(
        name="p", url="https://d", user="1", password_command="printf 'from-cmd'"
    )
    monkeypatch.delenv("LEADTUI_PASSWORD", raising=False)
    assert resolve_password(profile, prompt=False).get_secret_value() == "from-cmd"
    monkeypatch.setenv("LEADTUI_PASSWORD", "from-env")
    assert resolve_password(profile, prompt=False).get_secret_value() == "from-env"
    monkeypatch.delenv("LEADTUI_PASSWORD")
    bare = Profile(name="p", url="https://d", user="1")
    with pytest.raises(ConfigError, match="LEADTUI_PASSWORD"):
        resolve_password(bare, prompt=False)
    assert (
        resolve_password(
            bare.model_copy(update={"password": SecretStr("f")}), prompt=False
        ).get_secret_value()
        == "f"
    )


def test_failing_password_command_does_not_echo_its_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LEADTUI_PASSWORD", raising=False)
    profile = Profile(
        name="p", url="https://d", user="1", password_command="echo hunter2; exit 3"
    )
    with pytest.raises(ConfigError) as caught:
        resolve_password(profile, prompt=False)
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "insecure"),
    [
        ("http://dialer.example.com/vicidial/non_agent_api.php", True),
        ("https://dialer.example.com/vicidial/non_agent_api.php", False),
        ("http://127.0.0.1:8089/vicidial/non_agent_api.php", False),
        ("http://localhost/vicidial/non_agent_api.php", False),
    ],
)
def test_plain_http_to_another_host_is_flagged(url: str, insecure: bool) -> None:
    assert Profile(url=url).insecure_transport is insecure


def test_the_example_config_is_valid(tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / "config.example.toml"
    config = load_config(write(tmp_path, example.read_text(encoding="utf-8")))
    assert set(config.profiles) == {"main", "reports", "voice"}
    assert config.profile("voice").kind == "voiceaiwrapper"
    assert config.profile("reports").read_only


EXAMPLE = Path(__file__).parents[2] / "config.example.toml"


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]


def test_saving_unchanged_settings_leaves_the_file_byte_for_byte(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, EXAMPLE.read_text(encoding="utf-8"))
    save_config(load_config(path), path)
    assert path.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


def test_a_profile_saved_from_the_tui_keeps_the_operators_comments_and_order(
    tmp_path: Path,
) -> None:
    """The TUI saves a profile (Ctrl+N, or a changed one) into the shipped example:
    every comment and every other line stays where it was."""
    original = EXAMPLE.read_text(encoding="utf-8")
    path = write(tmp_path, original)
    config = load_config(path)
    changed = config.profiles["main"].model_copy(update={"records_cap": 250})
    added = Profile(url="http://127.0.0.1:8089/vicidial/non_agent_api.php", user="6")
    config = config.model_copy(
        update={"profiles": {**config.profiles, "main": changed, "lab": added}}
    )
    save_config(config, path)
    saved = path.read_text(encoding="utf-8")
    assert _comments(saved) == _comments(original)
    kept = [x for x in original.splitlines() if x and "records_cap" not in x]
    assert [line for line in saved.splitlines() if line in kept] == kept
    assert "records_cap = 250              # most IDs per batch_update_lead" in saved
    # the new profile: only what differs from the defaults, at the end
    assert saved.rstrip().endswith(
        '[profiles.lab]\nurl = "http://127.0.0.1:8089/vicidial/non_agent_api.php"\n'
        'user = "6"'
    )
    reloaded = load_config(path)
    assert list(reloaded.profiles) == ["main", "reports", "voice", "lab"]
    assert reloaded.profile("main").records_cap == 250
    assert reloaded.profile("lab") == added.model_copy(update={"name": "lab"})


def test_a_setting_cleared_in_the_tui_is_removed_and_a_removed_profile_is_gone(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, EXAMPLE.read_text(encoding="utf-8"))
    config = load_config(path)
    main = config.profiles["main"].model_copy(update={"password_command": None})
    config = config.model_copy(
        update={"profiles": {"main": main, "voice": config.profiles["voice"]}}
    )
    save_config(config, path)
    saved = path.read_text(encoding="utf-8")
    assert "password_command = " not in saved and "[profiles.reports]" not in saved
    assert "# Passwords do not belong here" in saved
    assert set(load_config(path).profiles) == {"main", "voice"}


def test_a_password_typed_into_the_tui_is_saved_and_the_file_is_0600(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, GOOD, mode=0o600)
    config = load_config(path)
    ro = config.profiles["ro"].model_copy(update={"password": SecretStr("pw")})
    save_config(
        config.model_copy(update={"profiles": {**config.profiles, "ro": ro}}), path
    )
    assert load_config(path).profile("ro").password == SecretStr("pw")
    assert (os.stat(path).st_mode & 0o777) == 0o600


# --- files that cannot be read or written: a ConfigError, never a traceback ----


def load_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "Errno" not in str(caught.value)
    return caught.value


def test_a_config_that_is_not_utf8_names_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'default_profile = "main"\n# caf\xe9\n')
    error = load_error(path)
    assert "UTF-8" in error.title and str(path) in error.title
    assert "line 2" in error.detail and "byte offset 30" in error.detail


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_config(path).profile(None).name == "main"


def test_a_directory_at_the_config_path(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()
    assert "directory" in load_error(path).title


def test_a_file_below_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("", encoding="utf-8")
    assert "not a directory" in load_error(tmp_path / "plain" / "config.toml").detail


def test_a_broken_symlink_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.symlink_to(tmp_path / "elsewhere.toml")
    error = load_error(path)
    assert "symbolic link" in error.title and "elsewhere.toml" in error.detail


def _deny(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """Every open of ``target`` fails as for a file without read permission
    (chmod is no test when the suite runs as root)."""
    real = io.open

    def fake_open(file: object, *args: object, **kwargs: object) -> object:
        if os.fspath(file) == os.fspath(target):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", os.fspath(target))
        return real(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(builtins, "open", fake_open)


def test_an_unreadable_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, GOOD)
    _deny(monkeypatch, path)
    error = load_error(path)
    assert str(path) in error.title and "ermission denied" in error.detail


def test_a_config_that_vanishes_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, GOOD)
    real = io.open

    def vanishing_open(file: object, *args: object, **kwargs: object) -> object:
        if os.fspath(file) == os.fspath(path):  # type: ignore[call-overload]
            path.unlink(missing_ok=True)
        return real(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(io, "open", vanishing_open)
    monkeypatch.setattr(builtins, "open", vanishing_open)
    error = load_error(path)
    assert "disappeared" in error.title


def save_error(config: Config, path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        save_config(config, path)
    assert str(path) in caught.value.title and "Errno" not in str(caught.value)
    return caught.value


ONE = Config(profiles={"x": Profile(url="https://d/vicidial/non_agent_api.php")})


def test_save_below_a_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("", encoding="utf-8")
    save_error(ONE, tmp_path / "plain" / "config.toml")


def test_save_over_a_directory_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    save_error(ONE, tmp_path / "config.toml")
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_a_failed_save_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, GOOD)

    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert "No space left" in save_error(ONE, path).detail
    assert path.read_text(encoding="utf-8") == GOOD
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_save_without_permission_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.open

    def denied(file: object, *args: object, **kwargs: object) -> int:
        if os.path.dirname(os.fspath(file)) == os.fspath(tmp_path):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", os.fspath(file))  # type: ignore[call-overload]
        return real(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    assert "ermission denied" in save_error(ONE, tmp_path / "config.toml").detail


def test_save_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "leadtui.toml"
    real.parent.mkdir()
    real.write_text(GOOD, encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_config(ONE, link)
    assert link.is_symlink() and set(load_config(real).profiles) == {"x"}


def test_a_password_command_printing_bytes_that_are_not_utf8(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LEADTUI_PASSWORD", raising=False)
    profile = Profile(
        name="p", url="https://d", user="1", password_command=r"printf 'hunter\351'"
    )
    with pytest.raises(ConfigError) as caught:
        resolve_password(profile, prompt=False)
    assert "UTF-8" in str(caught.value) and "hunter" not in str(caught.value)
