"""A stand-in Isso on 127.0.0.1 that answers as a hostile or broken provider would.

The real Isso is the test for the happy path; this one says what a real one
cannot be made to say: forged ids and fields, broken shapes, answers that
never end or never stop growing.

    server = HostileIsso({"/a-post/": {"replies": [...]}, "/b-post/": b"not json"})
    server.url                   # http://127.0.0.1:<port>/
    server.fetched               # the threads asked for, in order

An answer is JSON-able data, raw bytes, or a function that gets the request
handler and writes the whole answer itself (to stream one lazily).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOW = time.time()


def comment(id, text="A reply.", *, created=None, replies=(), **fields) -> dict:
    """A comment as Isso sends it (author and website are HTML-escaped by Isso)."""
    return {"id": id, "parent": None, "created": NOW - 3600 if created is None else created,
            "modified": None, "mode": 1, "text": text, "author": None, "website": None,
            "likes": 0, "dislikes": 0, "hash": "4a5b6c", "replies": list(replies), **fields}


def thread(*comments) -> dict:
    return {"id": None, "total_replies": len(comments), "hidden_replies": 0,
            "replies": list(comments), "config": {}}


def dribble(interval: float, limit: int = 60):
    """An answer that sends one byte every `interval` seconds (a stalled server)."""
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(limit))
        handler.end_headers()
        for _ in range(limit):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(interval)
    return answer


def flood(megabytes: int):
    """An answer of `megabytes` MB without a Content-Length, made as it is sent."""
    piece = json.dumps(comment(1, "x" * 900)).encode() + b","
    per_mb = 2**20 // len(piece)

    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        handler.wfile.write(b'{"replies": [')
        for _ in range(megabytes):
            handler.wfile.write(piece * per_mb)
        handler.wfile.write(b"null]}")
    return answer


class HostileIsso:
    def __init__(self, answers: dict, counts: object = None):
        self.answers = answers
        self.counts = counts  # None: 1 for every thread with an answer, 0 for the others
        self.fetched: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                asked = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                counts = (server.counts if server.counts is not None
                          else [1 if uri in server.answers else 0 for uri in asked])
                self.send(counts)

            def do_GET(self):
                uri = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["uri"][0]
                server.fetched.append(uri)
                self.send(server.answers.get(uri, thread()))

            def send(self, answer):
                if callable(answer):
                    try:
                        answer(self)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the sync stopped reading, as it should
                    self.close_connection = True
                    return
                body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
