"""Runs deploy/varnish/default.vcl on this machine in front of a local server, unprivileged,
for as long as a `with` block lasts (tests/deploy/test_varnish.py, bench/load.py)."""
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

VCL = Path(__file__).resolve().parent / "default.vcl"


def varnishd():
    """The varnishd program, or None (Debian package `varnish`)."""
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_varnish(backend_url, storage="malloc,64m"):
    """Varnish's address ("http://127.0.0.1:<free port>") with its backend set to `backend_url`."""
    backend = re.match(r"http://([^:/]+):(\d+)", backend_url)
    vcl = VCL.read_text().replace('.host = "127.0.0.1";', f'.host = "{backend[1]}";')
    vcl = vcl.replace('.port = "8000";', f'.port = "{backend[2]}";')
    with tempfile.TemporaryDirectory(prefix="wt-varnish-") as workdir:
        (Path(workdir) / "local.vcl").write_text(vcl)
        port = free_port()
        # -n: its own state directory; -j none: no separate varnish user (whoever runs this,
        # root in CI); -T none: no management port; -F: stays in the foreground, so it ends with us.
        process = subprocess.Popen(
            [varnishd(), "-F", "-j", "none", "-n", str(Path(workdir) / "state"), "-a", f"127.0.0.1:{port}",
             "-f", str(Path(workdir) / "local.vcl"), "-s", storage, "-T", "none"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(url, process)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(url, process):
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/static/-", timeout=2)  # noqa: S310 - our own address
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"varnishd did not start: {process.stderr.read().decode()}") from None
            time.sleep(0.1)
    raise RuntimeError("varnishd did not answer")
