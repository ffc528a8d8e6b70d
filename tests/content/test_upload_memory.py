"""Peak memory per upload, measured in a fresh process: the issue's legal 6324×6324 header and
its 6000×6000×60-frame GIF bomb each stay under ~200 MB (the bomb costs next to nothing)."""

import json
import subprocess
import sys

import pytest
from django.conf import settings

from tests import image_files

LIMIT_MB = 200


def measure(path, variants=True):
    result = subprocess.run(
        [sys.executable, "tests/measure_upload.py", str(path), *(["--variants"] if variants else [])],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uploads")
    made = {"header.jpg": image_files.photo_jpeg(6324, 6324), "bomb.gif": image_files.gif_bomb(6000, 6000, 60)}
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return folder


def test_a_legal_6324_square_header_stays_under_the_limit(files):
    figures = measure(files / "header.jpg")
    assert figures["result"] == "stored", figures
    assert figures["size"] == [2560, 2560]
    assert figures["peak_mb"] < LIMIT_MB, figures


def test_the_gif_bomb_is_refused_at_next_to_no_cost(files):
    figures = measure(files / "bomb.gif")
    assert figures["result"] == "refused", figures
    assert "6000×6000" in figures["message"]
    assert figures["peak_mb"] < 20, figures
