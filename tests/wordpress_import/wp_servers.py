"""Servers for the importer's tests: real nginx with the build's redirect snippet, and a
stand-in for the old blog's media host (what a real one cannot be made to do)."""

from __future__ import annotations

import contextlib
import http.server
import mimetypes
import os
import re
import shutil
import signal
import ssl
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

from sitebuild import free_port

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@contextlib.contextmanager
def nginx_serving(output: Path, folder: Path):
    """Real nginx serving a build with its redirect snippet, set up as the snippet says.

    Yields status(path) -> (HTTP status, Location header or "").
    """
    port = free_port()
    (folder / "logs").mkdir(exist_ok=True)
    snippet = (output / "wordpress-redirects.nginx.conf").read_text(encoding="utf-8")
    checks = "\n".join(f"if (${name}) {{ return 301 ${name}; }}"
                       for name in re.findall(r"^map \S+ \$(\w+) \{", snippet, re.M))
    config = folder / "nginx.conf"
    config.write_text(f"""
        pid {folder}/nginx.pid;
        error_log {folder}/logs/error.log;
        events {{}}
        http {{
            access_log off;
            include {output}/wordpress-redirects.nginx.conf;
            server {{
                listen 127.0.0.1:{port};
                root {output};
                {checks}
            }}
        }}
        """)
    subprocess.run([NGINX, "-c", str(config), "-p", str(folder)], check=True, timeout=30)
    opener = urllib.request.build_opener(_NoRedirect)

    def status(path: str) -> tuple[int, str]:
        try:
            answer = opener.open(f"http://127.0.0.1:{port}{path}", timeout=10)
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")
        return answer.status, ""

    try:
        yield status
    finally:
        os.kill(int((folder / "nginx.pid").read_text()), signal.SIGQUIT)


class MediaServer:
    """A stand-in for the old blog's host (and WordPress.com's, by Host header) on 127.0.0.1,
    able to fail, redirect, stall, trickle and oversize on purpose.

    `routes[(host, path)]` is a callable(handler) that answers; `requests` lists every
    (host, path) asked for, in order.
    """

    def __init__(self, tls: tuple[Path, Path] | None = None):
        """`tls`: (certificate, key) to answer over https."""
        self.routes: dict[tuple[str, str], object] = {}
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()  # ends every hold()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                host = self.headers.get("Host", "").rsplit(":", 1)[0]
                server.requests.append((host, self.path))
                answer = server.routes.get((host, self.path)) or server.routes.get((host, "*"))
                if answer is None:
                    self.send_error(404)
                    return
                try:
                    answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def asked(self, path: str) -> int:
        return sum(1 for _, p in self.requests if p == path)

    # -- answers ------------------------------------------------------------------

    @staticmethod
    def file(data: bytes, content_type: str, length: bool = True):
        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            if length:
                handler.send_header("Content-Length", str(len(data)))
            else:
                handler.close_connection = True
            handler.end_headers()
            handler.wfile.write(data)
        return answer

    @staticmethod
    def any_file():
        """Every path is a small file of the type its extension says (a whole media library)."""
        def answer(handler):
            path = handler.path.split("?", 1)[0]
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            MediaServer.file(f"file at {path}".encode(), kind)(handler)
        return answer

    @staticmethod
    def status(code: int):
        return lambda handler: handler.send_error(code)

    @staticmethod
    def redirect(location: str, code: int = 302):
        def answer(handler):
            handler.send_response(code)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        return answer

    @staticmethod
    def declared(size: int, content_type: str = "image/jpeg"):
        """Says it will send `size` bytes; sends none unless read."""
        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
        return answer

    def stall(self, content_type: str = "image/jpeg"):
        """Starts a file and stops sending until the test ends."""
        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", "1000")
            handler.end_headers()
            handler.wfile.write(b"\xff\xd8" * 5)
            handler.wfile.flush()
            self.release.wait(30)
        return answer

    def trickle(self, content_type: str = "image/jpeg", pause: float = 0.2):
        """One byte at a time, never stalling, never done."""
        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", "100000")
            handler.end_headers()
            while not self.release.wait(pause):
                handler.wfile.write(b"x")
                handler.wfile.flush()
        return answer

    def hold(self, then):
        """Waits until `release` is set, then answers with `then`."""
        def answer(handler):
            self.release.wait(60)
            then(handler)
        return answer
