"""Helpers for the Jekyll import/export tests: write small posts, run the commands."""

import io
from dataclasses import dataclass
from pathlib import Path

from django.core.management import CommandError, call_command
from PIL import Image

SAMPLES = Path(__file__).resolve().parent / "jekyll_samples"
HUX_SITE = SAMPLES / "hux_site"
SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "000_ea213a962918cc47.txt"


def write(folder, name, text):
    """Write ``text`` exactly (no newline translation) to ``folder/name``."""
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def post_text(front, body="Body.\n"):
    return "---\n" + front.strip("\n") + "\n---\n" + body


def image_bytes(fmt="JPEG", size=(64, 32), color=(200, 80, 40), exif=None):
    out = io.BytesIO()
    params = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(out, format=fmt, **params)
    return out.getvalue()


@dataclass
class Result:
    stdout: str
    stderr: str
    error: CommandError | None


def run(command, *args, **options):
    """Run a management command; its output and the CommandError it ended with, if any."""
    out, err = io.StringIO(), io.StringIO()
    if command == "import_jekyll":
        options.setdefault("no_progress", True)
    try:
        call_command(command, *[str(a) for a in args], stdout=out, stderr=err, **options)
        error = None
    except CommandError as exc:
        error = exc
    return Result(out.getvalue(), err.getvalue(), error)


def import_ok(*paths, **options):
    result = run("import_jekyll", *paths, **options)
    assert result.error is None, result.stderr
    return result
