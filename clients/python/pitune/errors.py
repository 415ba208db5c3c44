"""The client's exceptions."""


class PiTuneError(Exception):
    """The daemon refused a request, or could not be reached.

    ``status`` is the HTTP status (400, 404, 503, ...), or None when no answer came (a connection problem:
    ``message`` then names the socket path). ``message`` is the daemon's own ``"error"`` text when it sent one.
    """

    def __init__(self, status, message):
        super().__init__(status, message)
        self.status = status
        self.message = message

    def __str__(self):
        if self.status is None:
            return self.message
        return "%d: %s" % (self.status, self.message)


class PiTuneConnectionError(PiTuneError):
    """No answer from the socket: missing, refused, permission denied, or the connection dropped."""

    def __init__(self, socket_path, reason):
        super().__init__(None, "pitune daemon at %s: %s" % (socket_path, reason))
        self.socket_path = socket_path
        self.reason = reason
