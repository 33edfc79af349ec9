"""server/README.md stays true: every curl in it runs against the real server, and every
setting the server reads is documented there.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import fields
from pathlib import Path

import pytest

from syriakg.settings import Settings
from tests.web.conftest import LiveServer

README = Path(__file__).resolve().parents[2] / "server" / "README.md"
SERVER_SETTINGS = ("host", "port", "workers", "store", "store_mode", "query_timeout",
                   "query_memory", "query_processes", "slow_query_seconds", "client_queries",
                   "client_cpu_seconds", "trusted_proxies", "max_rows", "max_request_bytes",
                   "service_allowlist")


def curl_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("curl ")]


def test_readme_has_curls() -> None:
    assert len(curl_commands()) >= 12


@pytest.mark.server
@pytest.mark.parametrize("command", curl_commands())
def test_readme_curl_works(live_server: LiveServer, command: str) -> None:
    env = {"KG": live_server.url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["bash", "-c", command], env=env,
                          capture_output=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr.decode()
    output = done.stdout.decode()
    assert output.strip(), command
    if "-D -" in command:
        assert "X-SPARQL-Truncated: true" in output
    if "update=" in command:
        assert '"status": 403' in output
    if "SERVICE" in command:
        assert "service_allowlist" in output


def test_settings_are_documented() -> None:
    text = README.read_text(encoding="utf-8")
    known = {f.name for f in fields(Settings)}
    for name in SERVER_SETTINGS:
        assert name in known, f"{name} is no longer a setting"
        assert f"`{name}`" in text, f"setting {name} is not documented in server/README.md"
