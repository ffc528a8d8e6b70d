"""Helpers for the comment tests: a form as a browser sends it, the task queue run as the
worker runs it, and a real SMTP server (aiosmtpd) on a free port."""

import email
import email.policy
import socket
import threading
import time

from blog.writing.spam import form_token

ORIGIN = "http://testserver"


def form_data(post, **fields):
    """What the comment form of ``post`` sends, opened a minute ago."""
    data = {
        "name": "读者甲",
        "email": "",
        "website": "",
        "body": "写得很好，谢谢分享。",
        "parent": "",
        "token": form_token(post.pk, time.time() - 60),
        "url": "",
    }
    data.update({key: ("" if value is None else value) for key, value in fields.items()})
    return data


def send_comment(client, post, origin=ORIGIN, meta=None, **fields):
    """POST the comment form from a page of the site (``origin=None``: no Origin header);
    ``meta`` adds to the request's environ (``{"REMOTE_ADDR": ...}``)."""
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    return client.post(f"/comments/post/{post.pk}/", form_data(post, **fields), **headers, **(meta or {}))


def run_tasks():
    """Run every queued task that is due, as ``manage.py db_worker`` does; their results."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    results = []
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim("tests")
        worker.run_task(row)
        row.refresh_from_db()
        results.append(row)
    return results


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SMTPServer:
    """aiosmtpd on 127.0.0.1: every message it accepts, parsed, in ``messages``."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.received = threading.Event()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        self.received.set()
        return "250 OK"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        if self.controller._thread is not None:  # running
            self.controller.stop()

    def settings(self, settings):
        """Point Django's SMTP backend at this server."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()
