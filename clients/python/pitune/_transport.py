"""HTTP/1.1 over the daemon's Unix socket, one kept-alive connection, reconnected once when the server closed it."""

import errno
import http.client
import json
import socket

from .errors import PiTuneConnectionError, PiTuneError


class UnixHTTPConnection(http.client.HTTPConnection):
    """An HTTPConnection whose transport is an AF_UNIX stream socket."""

    def __init__(self, socket_path, timeout):
        # The host only fills the Host header; Kestrel wants one, whatever it says.
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect(self.socket_path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


# The server closed a kept-alive connection between two requests (Kestrel's keep-alive timeout, a restart):
# nothing of the request was taken, so sending it again on a fresh connection is safe.
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


def _describe(exc):
    if isinstance(exc, FileNotFoundError):
        return "no socket file (is the daemon running? pass socket_path=...)"
    if isinstance(exc, ConnectionRefusedError):
        return "nobody is listening on it (is the daemon running?)"
    if isinstance(exc, PermissionError):
        return ("permission denied (the socket is 0660, group of the daemon: run as root "
                "or sudo usermod -aG pitune $USER and log in again)")
    if isinstance(exc, socket.timeout):
        return "no answer in time"
    if isinstance(exc, OSError) and exc.errno is not None:
        return "%s (%s)" % (exc.strerror or str(exc), errno.errorcode.get(exc.errno, exc.errno))
    return str(exc) or type(exc).__name__


class Response:
    """A whole response: status, headers (lower-case names) and body bytes."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body) if self.body else None

    def error_text(self):
        """The daemon's "error" text, or the body as it came when it is not the usual {"error": ...}."""
        try:
            doc = json.loads(self.body)
        except ValueError:
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("error"), str):
            return doc["error"]
        text = self.body.decode("utf-8", "replace").strip()
        return text or http.client.responses.get(self.status, "HTTP %d" % self.status)

    def raise_for_status(self):
        if self.status >= 400:
            raise PiTuneError(self.status, self.error_text())
        return self


class Transport:
    """One connection to the socket, opened on first use and kept across requests."""

    def __init__(self, socket_path, timeout):
        self.socket_path = socket_path
        self.timeout = timeout
        self._conn = None

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method, path, body=None, headers=None):
        """Sends one request, answers a Response (any status); raises PiTuneConnectionError when no answer came."""
        headers = dict(headers or {})
        if body is None and method == "POST":
            body = b""
        reused = self._conn is not None
        try:
            return self._once(method, path, body, headers)
        except _STALE as exc:
            self.close()
            if not reused:
                raise PiTuneConnectionError(self.socket_path, _describe(exc)) from exc
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise PiTuneConnectionError(self.socket_path, _describe(exc)) from exc
        try:
            return self._once(method, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise PiTuneConnectionError(self.socket_path, _describe(exc)) from exc

    def _once(self, method, path, body, headers):
        if self._conn is None:
            self._conn = UnixHTTPConnection(self.socket_path, self.timeout)
        conn = self._conn
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        result = Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
        if resp.will_close:
            self.close()
        return result
