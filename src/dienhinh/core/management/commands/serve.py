"""Serve the site with the background task worker beside it.

`dienhinh serve` is Django's development server (what `make run` uses);
`dienhinh serve --production` runs gunicorn, a maintained WSGI server shipped as a
dependency, configured for officers who pause between pages.
"""

import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Users pause 1–3 s between pages; gunicorn's default keep-alive of 2 s closes their
# connections under them. Proxies (nginx's upstream keepalive) keep them longer still.
KEEPALIVE_SECONDS = 75
# A gthread worker serves its keep-alive connections from a thread pool; sync
# workers cannot keep a connection alive at all.
THREADS_PER_WORKER = 4


def default_workers(cores: int | None = None) -> int:
    """Workers from the core count: the database shares the cores, so one per core
    plus one, each with its thread pool, rather than gunicorn's 2 × cores + 1."""
    cores = cores or os.cpu_count() or 1
    return cores + 1


def gunicorn_argv(host: str, port: str, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "dienhinh.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread",
        "--threads", str(THREADS_PER_WORKER),
        "--keep-alive", str(KEEPALIVE_SECONDS),
        # Graceful restarts: HUP reloads workers one by one, TERM lets requests finish.
        "--graceful-timeout", "30",
        "--timeout", "120",
        # Recycle workers now and then so a slow leak cannot grow without bound; not
        # more often: at 100 requests/s a worker of three reached 5,000 in under three
        # minutes, and each restart costs its imports and every warm per-process cache
        # (templates, parsed plans, the header's menu) again.
        "--max-requests", "50000", "--max-requests-jitter", "5000",
        "--access-logfile", "-",
        "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


class Command(BaseCommand):
    help = "Chạy máy chủ web cùng tiến trình xử lý nền."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true",
                            help="không chạy tiến trình xử lý nền bên cạnh")
        parser.add_argument("--production", action="store_true",
                            help="máy chủ gunicorn thay cho máy chủ phát triển")
        parser.add_argument("--workers", type=int, default=None,
                            help="số tiến trình web (mặc định: số lõi + 1)")

    def handle(self, *args, host, port, no_worker, production, workers, **options):
        if workers is not None and workers < 1:
            raise CommandError("Số tiến trình web phải từ 1 trở lên.")
        if workers is not None and not production:
            raise CommandError("--workers chỉ dùng cùng --production.")
        worker = None
        if not no_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "dienhinh", "db_worker", "--queue-name", "*", "--no-reload"]
            )
        try:
            if production:
                self._run_gunicorn(host, port, workers or default_workers())
            else:
                call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)

    def _run_gunicorn(self, host, port, workers):
        server = subprocess.Popen(gunicorn_argv(host, port, workers))

        def forward(signum, _frame):
            # TERM/INT stop gracefully; HUP reloads the workers one by one.
            server.send_signal(signum)

        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, forward)
        code = server.wait()
        if code not in (0, -signal.SIGTERM, -signal.SIGINT):
            raise CommandError(f"Máy chủ web dừng với mã {code}.")
