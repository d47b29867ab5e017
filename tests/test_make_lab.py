"""`make lab`: starts where people run it (as root, in containers), rooted at the repository, LAB_ARGS honoured.

The server is started through the real Makefile in a throwaway checkout (so the git filter `make lab`
installs goes into that checkout's config), with the user's Jupyter folders swapped for empty ones.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from conftest import GIT_ENV

START_TIMEOUT_S = 60
# Any 127.x address is loopback on Linux: serving on a non-default one proves LAB_ARGS' --ip won.
IP = "127.0.0.2" if sys.platform.startswith("linux") else "127.0.0.1"

pytestmark = pytest.mark.skipif(not (shutil.which("git") and shutil.which("make")), reason="needs git and make")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, port: int, token: str) -> None:
        self.base, self.token = f"http://{IP}:{port}", token

    def get(self, path: str, *, follow: bool = True) -> tuple[int, Any, str]:
        """Status, decoded JSON body (None if not JSON) and final URL of a GET with the token."""
        sep = "&" if "?" in path else "?"
        request = urllib.request.Request(f"{self.base}{path}{sep}token={self.token}")
        opener = urllib.request.build_opener(*([] if follow else [NoRedirect()]))
        try:
            with opener.open(request, timeout=5) as response:
                body, status, url = response.read(), response.status, response.url
        except urllib.error.HTTPError as exc:
            return exc.code, None, exc.headers.get("Location", "")
        try:
            return status, json.loads(body), url
        except ValueError:
            return status, None, url

    def put(self, path: str, model: dict[str, Any]) -> int:
        request = urllib.request.Request(
            f"{self.base}{path}?token={self.token}", data=json.dumps(model).encode(), method="PUT"
        )
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory, make_workspace):
    """`make lab LAB_ARGS=...` in a throwaway checkout, once for the module; yields (checkout, server)."""
    tmp_path = tmp_path_factory.mktemp("make-lab")
    ws = make_workspace(tmp_path / "bundle")
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "JUPYTER"))}
    env.update(GIT_ENV)
    env.update(
        {
            "HOME": str(home),  # no ~/.jupyter of the person running the tests
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            "IPYTHONDIR": str(home / "ipython"),
        }
    )
    lab_args = f"--no-browser --port {port} --port-retries=0 --ip {IP} --IdentityProvider.token={token}"
    log_path = tmp_path / "make-lab.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.runtime-installed", "lab", f"LAB_ARGS={lab_args}"],
            cwd=ws,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, token)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"make lab exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}", pytrace=False)
            try:
                if server.get("/api/status")[0] == 200:
                    break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"make lab did not answer on {server.base}:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield ws, server
    finally:
        try:
            urllib.request.urlopen(
                urllib.request.Request(f"{server.base}/api/shutdown?token={token}", method="POST"), timeout=5
            )
        except (urllib.error.URLError, OSError):
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_make_lab_serves_the_repository_root_with_lab_args(started):
    # Being up at all proves the root case when the tests run as root (CI, containers): Jupyter
    # refuses root unless allowed, and LAB_ARGS did not allow it.
    ws, server = started
    status, root, _ = server.get("/api/contents")
    assert status == 200
    assert {"data", "figures", "notebooks", "Makefile"} <= {item["name"] for item in root["content"]}
    status, data, _ = server.get("/api/contents/data")
    assert status == 200 and "datapackage.json" in {item["name"] for item in data["content"]}

    # Opens with notebooks/ in the file browser (the redirect from / is the default URL).
    status, _, location = server.get("/", follow=False)
    assert status in (301, 302) and location.startswith("/lab/tree/notebooks"), (status, location)
    assert server.get("/lab/tree/notebooks")[0] == 200

    if IP != "127.0.0.1":  # the default address is replaced, not added to
        with socket.socket() as sock, pytest.raises(OSError):
            sock.settimeout(2)
            sock.connect(("127.0.0.1", int(server.base.rsplit(":", 1)[1])))

    # The bundle's overrides.json: no "Jupyter news" pop-up, no update check.
    status, notification, _ = server.get("/lab/api/settings/@jupyterlab/apputils-extension:notification")
    properties = notification["schema"]["properties"]
    assert properties["fetchNews"]["default"] == "false" and properties["checkForUpdates"]["default"] is False

    assert (ws / ".git" / "config").read_text().count("troopledger-notebook") == 1, "make lab installs the filter"


def test_a_save_from_make_lab_writes_the_committed_bytes(started):
    """What JupyterLab sends after Run All (interpreter version, timings, trust) is saved as the build wrote it."""
    ws, server = started
    name = "notebooks/03_casualties.ipynb"
    committed = (ws / name).read_bytes()
    status, model, _ = server.get(f"/api/contents/{name}")
    assert status == 200
    nb = model["content"]
    nb["metadata"]["language_info"]["version"] = "3.99.1"
    for cell in nb["cells"]:
        cell["metadata"]["trusted"] = True
        if cell["cell_type"] == "code":
            cell["metadata"]["execution"] = {"iopub.status.busy": "2025-06-26T10:00:00.000001Z"}
    assert server.put(f"/api/contents/{name}", {"type": "notebook", "format": "json", "content": nb}) == 200
    assert (ws / name).read_bytes() == committed
    git_status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ws, env={**os.environ, **GIT_ENV}, capture_output=True, text=True
    )
    assert git_status.stdout == "", git_status.stdout + git_status.stderr
