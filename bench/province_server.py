"""The province-size demo on PostgreSQL served by `dienhinh serve --production`: what the
load and portal benches share (building or reusing the database, the server's settings,
starting it and stopping it)."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def run(cmd, env, **kw):
    return subprocess.run(cmd, env=env, check=True, **kw)


def bench_env(name: str, database: str) -> dict:
    data = ROOT / "data" / f"bench-{name}"
    data.mkdir(parents=True, exist_ok=True)
    return {**os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "DIENHINH_DATA_DIR": str(data), "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1", "DIENHINH_SSL_REDIRECT": "false",
            "DIENHINH_SECURE_COOKIES": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY", f"bench-{name}-" + "x" * 50),
            "PYTHONPATH": str(ROOT / "src")}


def prepare(env, rebuild: bool, db_name: str, stage: str) -> None:
    """Migrate the bench database, building the province demo when it is new."""
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{db_name}'"],
        capture_output=True, text=True).stdout.strip() == "1"
    if exists and rebuild:
        run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", db_name], env)
        exists = False
    if not exists:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db_name], env)
    dienhinh = [sys.executable, "-m", "dienhinh"]
    run(dienhinh + ["migrate", "--no-input", "-v", "0"], env)
    if not exists:
        print("building the province-size demo …", flush=True)
        started = time.perf_counter()
        run(dienhinh + ["demo", "--size", "province", "--stage", stage], env,
            stdout=subprocess.DEVNULL)
        print(f"   {time.perf_counter() - started:.0f} s", flush=True)


@contextlib.contextmanager
def production_server(env, port: int, workers: int | None, ready_path: str):
    """Yield (process, base URL) once `ready_path` answers 200; stop the server after."""
    command = [sys.executable, "-m", "dienhinh", "serve", "--production", "--no-worker",
               "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(base + ready_path, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        yield server, base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
