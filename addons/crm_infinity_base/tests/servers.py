"""Real peers on loopback for the tests: an SMTP server that keeps what it receives, and an
HTTP server standing in for an SMS gateway (outside the machine in real life)."""
import json
import socket
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content)
        self.messages.append({'from': envelope.mail_from, 'to': list(envelope.rcpt_tos),
                              'subject': str(msg['Subject'] or ''), 'message': msg})
        return '250 Message accepted for delivery'


class SmtpCatcher:
    """``with SmtpCatcher() as smtp:`` -> smtp.port, smtp.messages"""

    def __init__(self):
        self.inbox = _Inbox()
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            self.port = sock.getsockname()[1]
        self.controller = Controller(self.inbox, hostname='127.0.0.1', port=self.port)

    @property
    def messages(self):
        return self.inbox.messages

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    __enter__ = start

    def __exit__(self, *exc):
        self.stop()


class SmsGatewayStub:
    """A local HTTP server speaking like an SMS provider: it answers 200 (or the status set in
    ``status``) and keeps every request body."""

    def __init__(self, status=200):
        self.requests = []
        self.status = status
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length).decode()
                try:
                    data = json.loads(body)
                except ValueError:
                    data = body
                stub.requests.append({'path': self.path, 'headers': dict(self.headers), 'body': data})
                self.send_response(stub.status)
                self.send_header('Content-Type', 'application/json')
                self.end_headers()
                self.wfile.write(b'{"id": "msg-1"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.port = self.server.server_address[1]
        self.url = 'http://127.0.0.1:%d/sms' % self.port

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    __enter__ = start

    def __exit__(self, *exc):
        self.stop()
