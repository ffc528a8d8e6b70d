"""Clean one image file as an upload and print, as JSON, the peak memory it took.

    python tests/measure_upload.py FILE [--variants]

Run in a fresh interpreter (by tests/content/test_upload_memory.py and bench/uploads.py) so
that nothing else shares the process: the peak is the process's high-water mark (Linux
``VmHWM``, reset before the upload) less its resident size before it.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from blog.content import images  # noqa: E402


def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB -> MB
    return None


def main(path, variants):
    upload = SimpleUploadedFile(Path(path).name, Path(path).read_bytes())
    before = status("VmRSS")
    if before is not None:
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current size
    else:  # not Linux: the peak so far, in kB on Linux and bytes on macOS
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    try:
        cleaned = images.clean(upload, variants=variants)
        outcome = {"result": "stored", "size": list(cleaned.dimensions), "bytes": cleaned.size}
    except ValidationError as error:
        outcome = {"result": "refused", "message": " ".join(error.messages)}
    seconds = time.perf_counter() - started
    peak = status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({**outcome, "peak_mb": round(peak - before, 1), "base_mb": round(before, 1), "seconds": seconds}))


if __name__ == "__main__":
    main(sys.argv[1], "--variants" in sys.argv[2:])
