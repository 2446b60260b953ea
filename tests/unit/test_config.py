"""Config: profiles, safety of passwords in the file, errors that name the line."""

from __future__ import annotations

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
    assert (main.name, main.records_cap, main.concurrency, main.verify_tls) == (
        "main",
        500,
        4,
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
