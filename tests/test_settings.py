"""Every setting is checked against its type and bounds, wherever its value came from, and a
wrong one is named with where it came from and what it must be."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from syriakg.cli import main
from syriakg.errors import ConfigError
from syriakg.settings import Settings

WRONG = [
    ("port", "8000.9", "valid integer"),
    ("port", "70000", "less than or equal to 65535"),
    ("max_rows", "-5", "greater than or equal to 1"),
    ("query_timeout", "-1", "greater than 0"),
    ("query_memory", "1", "greater than or equal to 16"),
    ("store_mode", "tape", "'memory' or 'disk'"),
    ("trusted_proxies", "10.0.0.0/8,not-an-address", "IPv4 or IPv6"),
    ("service_allowlist", "ftp://example.org/sparql", "not an http:// or https:// URL"),
]


@pytest.mark.parametrize(("name", "value", "said"), WRONG)
def test_a_wrong_value_from_the_environment(monkeypatch: pytest.MonkeyPatch, name: str,
                                            value: str, said: str) -> None:
    monkeypatch.setenv(f"SYRIAKG_{name.upper()}", value)
    with pytest.raises(ConfigError) as wrong:
        Settings.load()
    message = str(wrong.value)
    assert f"'{name}'" in message and f"SYRIAKG_{name.upper()}" in message and said in message


def test_a_wrong_value_from_a_config_file(tmp_path: Path) -> None:
    config = tmp_path / "server.toml"
    config.write_text("port = 8000.9\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"'port' \\(from the config file {config}\\)"):
        Settings.load(config)


def test_a_wrong_flag_exits_2_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYRIAKG_MAX_ROWS", "-5")
    result = CliRunner().invoke(main, ["query", "ASK {}"])
    assert result.exit_code == 2
    assert "max_rows" in result.output and "greater than or equal to 1" in result.output


def test_an_unknown_setting_is_named() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'prot'"):
        Settings.load(prot=1)


def test_values_are_read_as_their_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYRIAKG_PORT", "8081")
    monkeypatch.setenv("SYRIAKG_TRUSTED_PROXIES", "10.0.0.0/8, ::1")
    settings = Settings.load(query_timeout=2.5)
    assert settings.port == 8081 and settings.query_timeout == 2.5
    assert settings.trusted_proxies == ("10.0.0.0/8", "::1")


def test_the_stores_password_is_read_but_never_shown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SYRIAKG_STORE_USER", "writer")
    monkeypatch.setenv("SYRIAKG_STORE_PASSWORD", "s3cret-pw")
    settings = Settings.load(store="http://127.0.0.1:1/sparql")
    assert (settings.store_user, settings.store_password) == ("writer", "s3cret-pw")
    assert "s3cret-pw" not in repr(settings) and "writer" in repr(settings)
    config = tmp_path / "remote.toml"
    config.write_text("store_password = 12345678\n", encoding="utf-8")  # not a string
    monkeypatch.delenv("SYRIAKG_STORE_PASSWORD")
    said = "'store_password' .from the config file.*: Input should be a valid string"
    with pytest.raises(ConfigError, match=said) as wrong:
        Settings.load(config)
    assert "12345678" not in str(wrong.value)
