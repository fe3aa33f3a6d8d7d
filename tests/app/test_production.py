"""Production serving (docs/production.md): the health check, gunicorn with WhiteNoise in production mode,
`cpts migrate` and `cpts collectstatic`, and a PostgreSQL backup restored into a fresh database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import DatabaseError, connection
from django.test import Client

from cpts.api.testing import build_world
from cpts.cli import main
from cpts.core.actors import Actor
from cpts.payments.runs import run_payments
from cpts.payments.schedules import clear_cache

BIN = Path(sys.executable).parent


@pytest.mark.django_db
def test_the_health_check_needs_no_login_and_reads_the_database() -> None:
    response = Client().get("/sante/")
    assert (response.status_code, response.json()) == (200, {"statut": "ok", "base": "ok"})


@pytest.mark.django_db
def test_the_health_check_answers_503_when_the_database_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise DatabaseError("connexion refusée")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = Client().get("/sante/")
    assert (response.status_code, response.json()["base"]) == (503, "injoignable")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def production(tmp_path: Path) -> Iterator[str]:
    """gunicorn in production mode on an SQLite database of its own, after `cpts migrate` and `cpts collectstatic`."""
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DATABASE_OWNER_URL"}}
    environment.update(
        CPTS_ENV="production",
        CPTS_VAR_DIR=str(tmp_path),
        DJANGO_SECRET_KEY="test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    for command in ("migrate", "collectstatic"):
        subprocess.run([BIN / "cpts", command], env=environment, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "cpts.web.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/sante/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
        server.wait(timeout=60)


def test_gunicorn_serves_pages_and_hashed_static_files_in_production(production: str) -> None:
    with urllib.request.urlopen(f"{production}/sante/") as health:
        assert health.status == 200
    with urllib.request.urlopen(f"{production}/connexion/") as login:
        html = login.read().decode()
        assert "script-src 'self'" in login.headers["Content-Security-Policy"]
    stylesheet = html.split('href="/static/cpts/css/cpts.', 1)[1].split('"', 1)[0]
    assert stylesheet.count(".") == 1  # "<hash>.css": the manifest storage names files by content
    with urllib.request.urlopen(f"{production}/static/cpts/css/cpts.{stylesheet}") as static:
        assert static.status == 200 and "max-age=315360000" in static.headers["Cache-Control"]


def ledger_totals(name: str, database: dict[str, Any]) -> list[tuple[Any, ...]]:
    with psycopg.connect(
        dbname=name,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    ) as reader:
        return reader.execute(
            "SELECT entry, count(*), sum(amount) FROM payments_ledgerentry GROUP BY entry ORDER BY entry"
        ).fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump et pg_restore : PostgreSQL seulement")
def test_a_backup_restored_into_a_fresh_database_has_the_same_ledger(transactional_db: None, tmp_path: Path) -> None:
    import datetime as dt

    from django.conf import settings

    clear_cache()
    build_world()
    run_payments(Actor.command("tests"), dt.date(2024, 3, 31))
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restauree"
    owner = settings.DATABASE_OWNER or connection.settings_dict
    assert main(["backup", str(tmp_path / "cpts.dump")]) == 0
    try:
        assert main(["restore", str(tmp_path / "cpts.dump"), "--database", restored]) == 0
        expected = ledger_totals(source, owner)
        assert expected and ledger_totals(restored, owner) == expected
        assert main(["restore", str(tmp_path / "cpts.dump"), "--database", restored]) == 2  # never over a database
    finally:
        with psycopg.connect(
            dbname=source,
            user=owner["USER"],
            host=owner["HOST"] or None,
            port=owner["PORT"] or None,
            password=owner["PASSWORD"] or None,
            autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
