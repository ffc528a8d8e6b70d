"""Debian's varnishd (with varnish-modules' xkey) in front of a gunicorn, on free ports, with
the repository's deploy/varnish/default.vcl pointed at that gunicorn."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from .servers import ROOT, fetch, free_port

VCL = ROOT / "deploy" / "varnish" / "default.vcl"
XKEY = Path("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so")


def require_varnish():
    has_varnishd = shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists()
    if has_varnishd and (XKEY.exists() or os.environ.get("VARNISH_VMOD_XKEY")):
        return
    message = "varnishd with vmod_xkey is needed (apt-get install -y varnish varnish-modules)"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


class Varnish:
    """varnishd -F with the deploy VCL, its backend on ``backend_port``."""

    def __init__(self, tmp, backend_port, port=None, name="varnish"):
        require_varnish()
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # varnishd reads its VCL as an unprivileged user: not from pytest's private tmp.
        self.dir = Path(tempfile.mkdtemp(prefix=f"blog-{name}-"))
        self.dir.chmod(0o755)
        self.workdir = self.dir / "work"
        self.vcl = self.dir / "default.vcl"
        self.vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        self.vcl.chmod(0o644)
        self.log_path = tmp / f"{name}.log"

    def start(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115  (closed by stop())
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        self.process = subprocess.Popen(
            [varnishd, "-F", "-a", f"127.0.0.1:{self.port}", "-f", str(self.vcl), "-n", str(self.workdir),
             "-s", "malloc,64m", "-T", "none", "-p", "default_grace=0"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(self.base + "/", headers={"Host": "localhost"}, timeout=2)[0] in (200, 503):
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"varnishd did not start:\n{self.log_path.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def purges_seen(self):
        """The xkey-purge headers of the PURGE requests this varnishd received (its log)."""
        result = subprocess.run(
            ["varnishlog", "-n", str(self.workdir), "-d", "-g", "request", "-q", 'ReqMethod eq "PURGE"',
             "-i", "ReqHeader"],
            capture_output=True, text=True, timeout=20,
        )  # fmt: skip
        lines = [line.split(":", 1) for line in result.stdout.splitlines() if "ReqHeader" in line and ":" in line]
        return [value.strip() for name, value in lines if name.split()[-1].lower() == "xkey-purge"]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
