"""A publisher's web server on 127.0.0.1, serving meeting lists the way real ones do.

Each path answers what the test set: a body with its ETag and Last-Modified
(and a 304 when the request carries them back), a status, a redirect, a slow
or gzipped answer. Every request is kept, with its headers, so a test can
see what the site asked. Ports come from TEST_UPSTREAM_PORT (default 9800)
upwards, so parallel runs on one machine can be kept apart.
"""

import gzip as gzip_module
import http.server
import os
import threading
import time
from dataclasses import dataclass, field

PORTS_TRIED = 50


@dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/json"
    etag: str = ""
    last_modified: str = ""
    conditional: bool = True  # answer 304 when the validators match
    gzip: bool = False
    headers: dict = field(default_factory=dict)
    delay_per_chunk: float = 0.0  # seconds between 1 KB chunks: a slow server
    length: int | None = None  # a Content-Length to claim instead of the true one


class Publisher:
    def __init__(self, server):
        self.server = server
        self.answers = {}
        self.requests = []  # (path, {header: value})

    @property
    def port(self):
        return self.server.server_address[1]

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path, body, **options):
        """Answer GET `path` with `body` (bytes or str) from now on; returns its URL."""
        if isinstance(body, str):
            body = body.encode()
        self.answers[path] = Answer(body=body, **options)
        return self.url(path)

    def redirect(self, path, location, status=302):
        self.answers[path] = Answer(status=status, headers={"Location": location})
        return self.url(path)

    def requests_to(self, path):
        return [headers for requested, headers in self.requests if requested == path]


def _handler(publisher):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - the http.server API
            publisher.requests.append((self.path, dict(self.headers.items())))
            answer = publisher.answers.get(self.path)
            if answer is None:
                self.send_error(404)
                return
            validators = (answer.etag and self.headers.get("If-None-Match") == answer.etag) or (
                answer.last_modified
                and self.headers.get("If-Modified-Since") == answer.last_modified
            )
            if answer.status == 200 and answer.conditional and validators:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = answer.body
            self.send_response(answer.status)
            if answer.gzip:
                body = gzip_module.compress(body)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Type", answer.content_type)
            self.send_header(
                "Content-Length", str(answer.length if answer.length is not None else len(body))
            )
            if answer.etag:
                self.send_header("ETag", answer.etag)
            if answer.last_modified:
                self.send_header("Last-Modified", answer.last_modified)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if answer.delay_per_chunk:
                for offset in range(0, len(body), 1024):
                    self.wfile.write(body[offset : offset + 1024])
                    self.wfile.flush()
                    time.sleep(answer.delay_per_chunk)
            else:
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def start_publisher():
    """A Publisher on the first free port from TEST_UPSTREAM_PORT; stop it with stop()."""
    first = int(os.environ.get("TEST_UPSTREAM_PORT", "9800"))
    publisher = Publisher(None)
    error = None
    for port in range(first, first + PORTS_TRIED):
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(publisher))
        except OSError as problem:
            error = problem
            continue
        server.daemon_threads = True
        publisher.server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return publisher
    raise RuntimeError(f"No free port from {first} to {first + PORTS_TRIED - 1}: {error}")


def stop(publisher):
    publisher.server.shutdown()
    publisher.server.server_close()
