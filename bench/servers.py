"""What `make bench` runs and loads: gunicorn from gunicorn.conf.py, nginx serving a file,
Debian's varnishd with deploy/varnish/default.vcl, and wrk."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def wait_until_up(url, process, what, log):
    for _ in range(400):
        try:
            if fetch(url, timeout=2)[0] in (200, 503):
                return
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    sys.exit(f"{what} did not start; see {log}")


class Gunicorn:
    """gunicorn from gunicorn.conf.py with 2 workers on a free port."""

    def __init__(self, env, log, **extra):
        self.env = {**env, "PORT": str(free_port()), "WEB_CONCURRENCY": "2", **extra}
        self.port = int(self.env["PORT"])
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until_up(self.base + "/healthz", self.process, "gunicorn", self.log.name)
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Nginx:
    """nginx (2 workers) serving ``files`` ({name: bytes}): the ceiling a static file sets."""

    def __init__(self, files):
        self.dir = Path(tempfile.mkdtemp(prefix="blog-bench-nginx-"))
        self.dir.chmod(0o755)  # read by nginx's unprivileged workers
        folder = self.dir / "html"
        folder.mkdir(mode=0o755)
        for name, content in files.items():
            (folder / name).write_bytes(content)
            (folder / name).chmod(0o644)
        self.probe = "/" + next(iter(files))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        (self.dir / "nginx.conf").write_text(
            f"worker_processes 2; pid {self.dir}/nginx.pid; error_log {self.dir}/error.log; daemon off;\n"
            "events { worker_connections 1024; }\n"
            f"http {{ access_log off; server {{ listen 127.0.0.1:{self.port}; root {folder};"
            " location / { try_files $uri $uri/index.html =404; } } }\n"
        )

    def __enter__(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [nginx, "-c", str(self.dir / "nginx.conf"), "-p", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until_up(self.base + self.probe, self.process, "nginx", self.dir / "error.log")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)


class Varnish:
    """varnishd with the deploy VCL in front of ``backend_port``."""

    def __init__(self, backend_port, port=None):
        self.dir = Path(tempfile.mkdtemp(prefix="blog-bench-varnish-"))
        self.dir.chmod(0o755)
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
        (self.dir / "default.vcl").write_text(vcl.replace('.port = "8000";', f'.port = "{backend_port}";'))
        (self.dir / "default.vcl").chmod(0o644)

    def __enter__(self):
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        self.log = open(self.dir / "varnishd.log", "w")  # noqa: SIM115  (closed in __exit__)
        self.process = subprocess.Popen(
            [varnishd, "-F", "-a", f"127.0.0.1:{self.port}", "-f", str(self.dir / "default.vcl"),
             "-n", str(self.dir / "work"), "-s", "malloc,256m", "-T", "none"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until_up(self.base + "/healthz", self.process, "varnishd", self.dir / "varnishd.log")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def available(command):
    return bool(shutil.which(command) or Path(f"/usr/sbin/{command}").exists())


def parse_latency(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS[unit]


def wrk(url, connections, duration, paths=None):
    """Run wrk; requests/s, p50/p99 (ms), requests, non-2xx/3xx, socket errors and, with
    ``paths`` (cycled through), the page cache's hits/stale/misses/uncached."""
    args = ["wrk", "-t2" if connections > 16 else "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
            "--latency", url]  # fmt: skip
    env = dict(os.environ)
    if paths:
        args[1:1] = ["-s", str(ROOT / "bench" / "mix.lua")]
        env["BENCH_PATHS"] = " ".join(paths)
    out = subprocess.run(args, capture_output=True, text=True, env=env).stdout
    if os.environ.get("BENCH_DEBUG"):
        print(out)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    result["p50"] = parse_latency(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    result["p99"] = parse_latency(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["socket_errors"] = sum(map(int, sock.groups())) if sock else 0
    counted = re.search(r"XCACHE hit=(\d+) stale=(\d+) miss=(\d+) none=(\d+)", out)
    if counted:
        result.update(zip(("hit", "stale", "miss", "none"), map(int, counted.groups()), strict=True))
    return result
