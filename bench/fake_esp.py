"""A local stand-in for Postmark's e-mail API, for the campaign benchmark and the mailer tests.

Point anymail's Postmark backend at it (ANYMAIL POSTMARK_API_URL = server.url) and every
message the worker sends arrives here instead of at Postmark. It answers like Postmark's
`POST /email` (a MessageID per message) and counts what each recipient got, so a test can
check that nobody was sent a message twice.

    with FakePostmark() as esp:
        ...  # send
        esp.received["ann@example.org"]  # how many messages Ann got
"""
import json
import threading
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakePostmark:
    def __init__(self, keep_messages=False, on_message=None):
        self.received = Counter()
        self.messages = []  # the JSON payloads, when keep_messages
        self.keep_messages = keep_messages
        # Called with each payload before the reply is sent (the ESP has the message by then).
        self.on_message = on_message
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        esp = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: one connection per worker batch
            disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

            def do_POST(self):
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path != "/email" or not self.headers.get("X-Postmark-Server-Token"):
                    return self._reply(422, {"ErrorCode": 10, "Message": "Bad or missing Server API token."})
                with esp.lock:
                    esp.received[payload["To"]] += 1
                    if esp.keep_messages:
                        esp.messages.append(payload)
                if esp.on_message:
                    esp.on_message(payload)
                self._reply(200, {"To": payload["To"], "SubmittedAt": "2026-11-23T10:00:00Z",
                                  "MessageID": str(uuid.uuid4()), "ErrorCode": 0, "Message": "OK"})

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client died waiting (the crash tests kill it on purpose)

            def log_message(self, *args):
                pass

        return Handler
