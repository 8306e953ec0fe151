"""`dienhinh serve --production`: gunicorn with the worker beside it, answering and
stopping cleanly on TERM."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from dienhinh.core.management.commands.serve import (
    KEEPALIVE_SECONDS,
    default_workers,
    gunicorn_argv,
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_workers_follow_the_cores_and_keepalive_outlasts_a_pause():
    assert default_workers(2) == 3
    assert default_workers(8) == 9
    argv = gunicorn_argv("127.0.0.1", "8000", 3)
    assert argv[argv.index("--keep-alive") + 1] == str(KEEPALIVE_SECONDS)
    assert KEEPALIVE_SECONDS > 3  # longer than an officer's pause between pages
    assert argv[argv.index("--worker-class") + 1] == "gthread"


def test_workers_only_with_production(tmp_path):
    env = _env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "dienhinh", "serve", "--workers", "2", "--no-worker"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "--production" in result.stderr


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "DIENHINH_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "serve-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DIENHINH_SSL_REDIRECT": "false",
        "DIENHINH_SECURE_COOKIES": "false",
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    })
    return env


def test_production_server_answers_and_stops_cleanly(tmp_path):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-m", "dienhinh", "migrate", "--no-input"],
                   env=env, check=True, capture_output=True, timeout=170)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dienhinh", "serve", "--production",
         "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        body = status = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as r:
                    status, body = r.status, r.read().decode()
                    server_header = r.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200, "the production server did not answer"
        assert "Đăng nhập" in body
        assert "gunicorn" in server_header
        # Graceful stop: TERM ends the server and the worker beside it.
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0, output
        assert "Booting worker" in output
        assert "Shutting down" in output or "Handling signal: term" in output
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
