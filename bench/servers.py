"""The servers the load benchmarks start: free ports, a throwaway Redis and the
production environment gunicorn runs under, said once for every benchmark."""

import os
import secrets
import shutil
import socket
import subprocess
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, what, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} stopped (exit {process.returncode}).")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not start on port {port}.")


class Redis:
    """REDIS_URL's server, or a throwaway redis-server on a free port."""

    def __init__(self):
        self.process = None
        self.url = os.environ.get("REDIS_URL", "")
        if self.url:
            return
        server = shutil.which("redis-server")
        if not server:
            raise SystemExit(
                "Needs redis-server (Debian: apt-get install redis-server) or REDIS_URL."
            )
        port = free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(port, self.process, "redis-server")
        self.url = f"redis://127.0.0.1:{port}/0"

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


def production_environment(redis_url, **overrides):
    """The production settings on plain HTTP over the loopback (no redirect to
    HTTPS, no HSTS), sharing `redis_url` as production requires."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REDIS_URL": redis_url,
        **overrides,
    }
