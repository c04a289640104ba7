"""E-mail backends for the mailer tests: they behave like locmem (messages land in mail.outbox)."""
import time

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class RecordingBackend(EmailBackend):
    """Counts connections opened and notes when each message was handed over."""

    opened = 0
    send_times = []

    def open(self):
        RecordingBackend.opened += 1
        return True

    def send_messages(self, messages):
        RecordingBackend.send_times.extend(time.monotonic() for _ in messages)
        return super().send_messages(messages)


class WorkerKilled(BaseException):
    """Like SIGTERM/KeyboardInterrupt: not an Exception, so nothing in the worker catches it."""


class CrashingBackend(EmailBackend):
    """The ESP accepts message number `crash_after`, then the worker dies before it can record it:
    the worst moment, because that recipient already has the message."""

    crash_after = 0

    def send_messages(self, messages):
        count = super().send_messages(messages)
        if len(mail.outbox) == CrashingBackend.crash_after:
            raise WorkerKilled
        return count
