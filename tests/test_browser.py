"""Open every notebook in a real JupyterLab + headless Chromium: what a reader sees, and what a save does.

The committed outputs are what a reader gets when opening a notebook, so the first checks
run before any cell is executed: the notebook is loaded the way a person would, the title,
charts and tables must be rendered, no error output or kernel prompt may show up, and a
screenshot is saved under ``test-output/browser/`` for a human to look at.

Then the reader's round trip: Run All, wait until every cell has run, save with Ctrl+S.
Afterwards ``git status`` must show nothing and ``build --check`` must pass. The server
serves a throwaway git checkout of the bundle (the working tree is never touched), with the
notebook filter installed by ``make`` and the bundle's own Jupyter configuration, as
``make lab`` runs it.

Environment knobs (for development and for proving the skip path):

* ``TROOPLEDGER_BROWSER_ROOT``: repository root whose bundle is copied and served (default: this repo).
* ``TROOPLEDGER_CHROMIUM``: path of the Chromium executable (default: ``/usr/bin/chromium``
  or ``chromium`` on ``PATH``).
* ``CI=true``: a missing browser fails the run instead of skipping it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from conftest import git

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Locator, Page

REPO_ROOT = Path(__file__).resolve().parents[1]
ROOT = Path(os.environ.get("TROOPLEDGER_BROWSER_ROOT") or REPO_ROOT).resolve()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOT_DIR = ROOT / "test-output" / "browser"

CHROMIUM_MISSING = "Chromium not found: install it with `apt-get install -y chromium` (Debian)"
# Running as root needs --no-sandbox; the background-networking flags stop Chromium from
# phoning home, which this machine's closed network answers with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SERVER_START_TIMEOUT_S = 60
LOAD_TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1280, "height": 2000}
# Chromium struggles with screenshots much taller than this; longer notebooks are cut.
MAX_SCREENSHOT_HEIGHT = 16_000
MIN_SCREENSHOT_HEIGHT = 600
MIN_SCREENSHOT_COLOURS = 50

# JupyterLab user settings that make a fresh browser see exactly one thing: the notebook.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    # JupyterLab 4 only attaches cells near the viewport by default; a reader scrolls,
    # the test cannot, so put every cell in the DOM.
    # Timing on: every run cell gets timestamps in its metadata, which the save must not keep.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False, "recordTiming": True},
    # No "receive official Jupyter news?" toast, no update check (network is closed anyway).
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Autosave stays on, as readers have it: the server serves a throwaway checkout.
}
ROUND_TRIP_TIMEOUT_MS = 120_000

SVG_HINT = (
    " (JupyterLab renders image/svg+xml outputs only in trusted notebooks, and a notebook a reader"
    " has just cloned is untrusted: store charts as image/png)"
)

SELECTOR_PANEL = ".jp-NotebookPanel"
SELECTOR_MENUBAR_ITEM = ".lm-MenuBar-itemLabel"
SELECTOR_MENU_ITEM = ".lm-Menu-itemLabel"
SELECTOR_DIRTY_TAB = ".lm-TabBar-tab.jp-mod-dirty"
# The selectors below are looked up inside the notebook's panel.
SELECTOR_CELL = ".jp-Cell"
SELECTOR_CODE_PROMPT = ".jp-CodeCell .jp-InputPrompt"
SELECTOR_KERNEL_IDLE = '.jp-Notebook-ExecutionIndicator[data-status="idle"]'
SELECTOR_SCROLLER = ".jp-WindowedPanel-outer"
SELECTOR_LEFT_SIDEBAR_TAB = ".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current"
SELECTOR_DIALOG = ".jp-Dialog"
SELECTOR_OUTPUT_IMG = ".jp-OutputArea-output img"
SELECTOR_OUTPUT_TABLE = ".jp-OutputArea-output table"
# Both stderr streams and error tracebacks are rendered with this mime type.
SELECTOR_STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


# --------------------------------------------------------------------------- helpers


def _unavailable(message: str) -> NoReturn:
    """Skip locally, but fail on CI, where a missing browser means a broken setup."""
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def find_chromium() -> str | None:
    """Return a runnable Chromium; Playwright's own browser downloads do not work here."""
    override = os.environ.get("TROOPLEDGER_CHROMIUM")
    if override:
        candidates = [override]
    else:
        candidates = ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_browser() -> str:
    """Return the Chromium path, or skip/fail before any server is started."""
    chromium = find_chromium()
    if chromium is None:
        _unavailable(CHROMIUM_MISSING)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        _unavailable(f"playwright is not importable ({exc}): install the project's dev dependencies")
    return chromium


def free_port() -> int:
    """Ask the OS for an unused port so parallel runs never collide."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_notebook(path: Path) -> dict[str, Any]:
    """Read the .ipynb JSON: the committed outputs are what the page must show."""
    return json.loads(path.read_text(encoding="utf-8"))


def cell_source(cell: dict[str, Any]) -> str:
    """Cell sources are stored either as one string or as a list of lines."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def notebook_title(nb: dict[str, Any]) -> str | None:
    """The first ``# `` heading of the first markdown cell, i.e. the title a reader sees."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in cell_source(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            return None
    return None


def normalise_text(text: str) -> str:
    """Drop markdown markup and JupyterLab's "¶" anchor so source and DOM compare equal."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](url) -> label
    text = re.sub(r"[*_`¶]", "", text)
    return " ".join(text.split())


def iter_outputs(nb: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (cell index, output) for every stored output of every code cell."""
    for index, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []) or []:
            yield index, output


def mime_text(value: Any) -> str:
    """Mime bundle values may be a string or a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


def expected_images(nb: dict[str, Any]) -> int:
    """Charts are stored as PNG or SVG image outputs."""
    return sum(1 for _, out in iter_outputs(nb) if {"image/png", "image/svg+xml"} & set(out.get("data", {})))


def has_svg_images(nb: dict[str, Any]) -> bool:
    """SVG charts need a trusted notebook to render, which a fresh clone never is."""
    return any("image/svg+xml" in out.get("data", {}) for _, out in iter_outputs(nb))


def expected_tables(nb: dict[str, Any]) -> int:
    """Tables are HTML outputs (e.g. pandas DataFrames) containing a <table>."""
    return sum(1 for _, out in iter_outputs(nb) if "<table" in mime_text(out.get("data", {}).get("text/html", "")))


def stored_problems(nb: dict[str, Any]) -> list[str]:
    """Error outputs and stderr streams committed in the notebook, with their cell index."""
    problems = []
    for index, out in iter_outputs(nb):
        if out.get("output_type") == "error":
            problems.append(f"cell {index}: {out.get('ename')}: {out.get('evalue')}")
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            problems.append(f"cell {index}: stderr: {mime_text(out.get('text', ''))[:200]!r}")
    return problems


def assert_not_blank(path: Path) -> tuple[int, int]:
    """A screenshot of one colour means nothing rendered; return its size in pixels."""
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
        rgb = image.convert("RGB")
        # Downscale first: counting colours of a 1280x16000 image is needlessly slow.
        rgb.thumbnail((640, 2000))
        colours = rgb.getcolors(maxcolors=1_000_000) or []
    assert width >= 800 and height >= 400, f"screenshot {path} is only {width}x{height}px"
    assert len(colours) > MIN_SCREENSHOT_COLOURS, f"screenshot {path} looks blank: only {len(colours)} distinct colours"
    return width, height


# --------------------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server the test may open pages on."""

    base_url: str
    token: str

    def url(self, path: str, query: str = "") -> str:
        """Absolute URL of ``path`` with the token that logs the browser in."""
        return f"{self.base_url}{path}?{query}{'&' if query else ''}token={self.token}"

    def api(self, method: str, path: str) -> Any:
        """Call the server's REST API; returns the decoded JSON body (None if empty)."""
        request = urllib.request.Request(
            f"{self.base_url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def kernel_state(self, notebook_path: str) -> str | None:
        """Server-side execution state of the notebook's kernel (None: no session yet)."""
        for session in self.api("GET", "/api/sessions"):
            if session.get("path") == notebook_path and session.get("kernel"):
                return str(session["kernel"].get("execution_state"))
        return None

    def shutdown_kernels(self) -> None:
        """Stop the kernels a test started, so kernels do not pile up one per notebook."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")


def _write_lab_settings(settings_dir: Path) -> None:
    """Write user settings into a throwaway dir so the user's own config never applies."""
    for plugin, values in LAB_SETTINGS.items():
        target = settings_dir / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")


def _wait_until_up(proc: subprocess.Popen[bytes], lab: Lab, log_path: Path) -> None:
    """Poll /api/status for a bounded time; report the server log if it never answers."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{_tail(log_path)}", pytrace=False)
        try:
            with urllib.request.urlopen(lab.url("/api/status"), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    pytest.fail(f"jupyter lab did not answer within {SERVER_START_TIMEOUT_S}s:\n{_tail(log_path)}", pytrace=False)


def _tail(path: Path, lines: int = 40) -> str:
    """Last lines of the server log, for failure messages."""
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop_server(proc: subprocess.Popen[bytes], lab: Lab) -> None:
    """Stop the server and its kernels.

    Kernels run in their own process sessions, so killing the server's process group
    would orphan them: ask the server to shut down (which stops its kernels) first, and
    only escalate to SIGTERM (also graceful) and SIGKILL if it does not go.
    """
    if proc.poll() is None:
        try:
            lab.api("POST", "/api/shutdown")
        except (urllib.error.URLError, OSError):
            pass
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Workspace:
    """The throwaway checkout JupyterLab serves, and the notebooks already run and saved in it."""

    root: Path
    saved: set[str] = field(default_factory=set)


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory, make_workspace) -> Workspace:
    """A git checkout of the bundle in ROOT, committed, with the notebook filter installed by ``make``."""
    if not (shutil.which("git") and shutil.which("make")):
        _unavailable("the round trip needs git and make")
    return Workspace(make_workspace(tmp_path_factory.mktemp("checkout") / "bundle", ROOT))


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory, workspace: Workspace) -> Iterator[Lab]:
    """Start ``jupyter lab`` on the workspace, with the bundle's Jupyter configuration and nothing of the user's."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    settings_dir, workspaces_dir = tmp / "user-settings", tmp / "workspaces"
    runtime_dir, config_dir, data_dir = tmp / "runtime", tmp / "config", tmp / "data"
    for directory in (settings_dir, workspaces_dir, runtime_dir, config_dir, data_dir):
        directory.mkdir()
    _write_lab_settings(settings_dir)

    port, token = free_port(), secrets.token_hex(24)
    lab = Lab(base_url=f"http://127.0.0.1:{port}", token=token)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config_dir),
        # What `make lab` adds: the bundle's configuration (among others the save hook that writes
        # notebooks as the build does). The options below take precedence over it.
        "JUPYTER_CONFIG_PATH": str(workspace.root / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(runtime_dir),
        # The data dir holds the trust database and user kernelspecs: keep both out, so
        # the notebooks are opened as a fresh reader opens them (untrusted, project kernel).
        "JUPYTER_DATA_DIR": str(data_dir),
        "JUPYTERLAB_SETTINGS_DIR": str(settings_dir),
        "JUPYTERLAB_WORKSPACES_DIR": str(workspaces_dir),
        "IPYTHONDIR": str(tmp / "ipython"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",  # harmless otherwise; CI and dev machines here run as root
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={workspace.root}",
        f"--ServerApp.runtime_dir={runtime_dir}",
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--LabApp.workspaces_dir={workspaces_dir}",
        # JupyterLab checkpoints every notebook it opens, by default into an
        # .ipynb_checkpoints/ folder beside it: an absolute path keeps them out of the repo.
        f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log_path = tmp / "jupyterlab.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=tmp,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so a last-resort kill reaches the server's helpers
        )
    try:
        _wait_until_up(proc, lab, log_path)
        yield lab
    finally:
        _stop_server(proc, lab)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module; each test gets its own context."""
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


# --------------------------------------------------------------------------- page checks


@dataclass
class BrowserLog:
    """Console errors and uncaught page errors seen while the notebook was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Start recording; must happen before navigation to catch load-time errors."""

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                url = (message.location or {}).get("url", "")
                self.console_errors.append(f"{message.text} [{url}]" if url else message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def fatal_console_errors(self, lab: Lab, notebook: Path) -> list[str]:
        """Console errors that point at the notebook or its kernel.

        JupyterLab logs errors for things a reader never notices: a missing favicon or an
        optional extension asset (404), or requests to outside hosts that this closed
        network refuses. Those are printed only. Errors that mention the notebook, the
        contents/sessions API, the kernel, or rendering break what the reader sees, so
        they fail the test.
        """
        markers = ("kernel", notebook.name.lower(), "/api/contents", "/api/sessions", "render")
        fatal = []
        for error in self.console_errors:
            lowered = error.lower()
            outside = "http" in lowered and lab.base_url not in error and "127.0.0.1" not in error
            if not outside and any(marker in lowered for marker in markers):
                fatal.append(error)
        return fatal


def open_notebook(page: Page, lab: Lab, notebook: Path) -> Locator:
    """Navigate like a reader, wait until the notebook and its kernel are ready, return its panel."""
    relative = notebook.relative_to(ROOT).as_posix()
    # "reset" starts from an empty workspace: otherwise JupyterLab reopens the notebooks of
    # earlier tests too (the workspace lives on the server), starting a kernel for each.
    page.goto(lab.url(f"/lab/tree/{relative}", query="reset"), timeout=LOAD_TIMEOUT_MS)
    panel = page.locator(SELECTOR_PANEL).filter(visible=True)
    panel.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    panel.locator(SELECTOR_CELL).first.wait_for(state="attached", timeout=LOAD_TIMEOUT_MS)
    # Either the kernel comes up, or JupyterLab asks the reader something (e.g. "Select
    # Kernel"): whichever happens first ends the wait; the caller's checks report it.
    deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if page.locator(SELECTOR_DIALOG).count() or kernel_ready(panel, lab, relative):
            break
        page.wait_for_timeout(200)
    # Prompts can arrive a moment after the kernel is up; give them time to show.
    page.wait_for_timeout(2000)
    return panel


def kernel_ready(panel: Locator, lab: Lab, notebook_path: str) -> bool:
    """The kernel is up on the server and the notebook shows it as idle.

    The page alone is not enough: before its session exists the toolbar already says
    "idle" (next to "No Kernel"), so the server's view of the session is checked too.
    """
    return lab.kernel_state(notebook_path) == "idle" and panel.locator(SELECTOR_KERNEL_IDLE).count() == 1


def visible_dialogs(page: Page) -> list[str]:
    """Text of every visible JupyterLab dialog (kernel prompts are the usual suspects)."""
    return [
        " ".join(dialog.inner_text().split()) for dialog in page.locator(SELECTOR_DIALOG).all() if dialog.is_visible()
    ]


def rendered_images(panel: Locator) -> list[dict[str, Any]]:
    """Wait (bounded) for output images to decode, then report each one's natural size."""
    images = panel.locator(SELECTOR_OUTPUT_IMG)
    deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000
    while not images.evaluate_all("imgs => imgs.every(img => img.complete)"):
        if time.monotonic() > deadline:
            break  # report whatever is still undecoded as broken below
        time.sleep(0.2)
    return images.evaluate_all(
        "imgs => imgs.map(img => ({width: img.naturalWidth, height: img.naturalHeight, src: img.src.slice(0, 40)}))"
    )


def collapse_left_sidebar(page: Page, panel: Locator) -> None:
    """Hide the file browser so the screenshot shows the notebook at full width.

    Cosmetic only: clicking the current sidebar tab collapses it; if JupyterLab's layout
    differs, the screenshot is just narrower.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    tab = page.locator(SELECTOR_LEFT_SIDEBAR_TAB)
    if tab.count() != 1 or not tab.is_visible():
        return
    width_before = panel.bounding_box()
    tab.click()
    if width_before is not None:
        try:
            page.wait_for_function(
                "([el, w]) => el.getBoundingClientRect().width > w",
                arg=[panel.element_handle(), width_before["width"]],
                timeout=5000,
            )
        except PlaywrightTimeoutError:
            pass


def take_screenshot(page: Page, panel: Locator, notebook: Path) -> Path:
    """Fit the viewport to the notebook's full height, then capture the notebook panel.

    JupyterLab never scrolls the page itself (the notebook scrolls inside its panel), so a
    plain full-page screenshot would only show the first screen.
    """
    collapse_left_sidebar(page, panel)
    needed = panel.locator(SELECTOR_SCROLLER).first.evaluate(
        """outer => {
            const cells = outer.querySelectorAll('.jp-Cell');
            const last = cells[cells.length - 1];
            const bottom = last.getBoundingClientRect().bottom - outer.getBoundingClientRect().top
                + outer.scrollTop;
            return Math.ceil(window.innerHeight - outer.clientHeight + bottom + 24);
        }"""
    )
    height = max(MIN_SCREENSHOT_HEIGHT, min(int(needed), MAX_SCREENSHOT_HEIGHT))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.wait_for_timeout(500)  # let JupyterLab's layout follow the resize
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{notebook.stem}.png"
    panel.screenshot(path=str(path), animations="disabled")
    return path


# --------------------------------------------------------------------------- round trip

# Marks, on the notebook's panel, every code cell whose prompt shows "[*]" (queued or running) from
# now on. Prompts change in separate tasks (kernel replies arrive over a websocket), so the observer
# sees every "[*]" even when a cell is quick.
WATCH_PROMPTS_JS = """panel => {
    const prompts = () => [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    panel.__ranCells = new Set();
    const mark = () => prompts().forEach((p, i) => { if (p.textContent.includes('*')) panel.__ranCells.add(i); });
    panel.__promptWatcher = new MutationObserver(mark);
    panel.__promptWatcher.observe(panel, {subtree: true, childList: true, characterData: true});
}"""
RAN_CELLS_JS = "panel => [...(panel.__ranCells || [])].sort((a, b) => a - b)"


def click_menu(page: Page, menu: str, item: str) -> None:
    """Choose ``menu`` > ``item`` from JupyterLab's menu bar, as a reader does."""
    page.locator(SELECTOR_MENUBAR_ITEM, has_text=re.compile(f"^{re.escape(menu)}$")).click()
    page.locator(SELECTOR_MENU_ITEM, has_text=re.compile(f"^{re.escape(item)}$")).click()


def run_all_and_save(page: Page, panel: Locator, lab: Lab, workspace: Workspace, notebook: Path) -> None:
    """Run All, wait until every code cell has run and the kernel is idle, save with Ctrl+S.

    Fails if a cell did not run, a dialog shows up, or the file on disk was not rewritten.
    """
    relative = notebook.relative_to(ROOT).as_posix()
    on_disk = workspace.root / relative
    code_cells = panel.locator(SELECTOR_CODE_PROMPT).count()
    assert code_cells, f"{notebook.name}: no code cells to run"
    panel.evaluate(WATCH_PROMPTS_JS)
    click_menu(page, "Run", "Run All Cells")

    deadline = time.monotonic() + ROUND_TRIP_TIMEOUT_MS / 1000
    while True:
        prompts = panel.locator(SELECTOR_CODE_PROMPT).all_inner_texts()
        ran = panel.evaluate(RAN_CELLS_JS)
        dialogs = visible_dialogs(page)
        assert not dialogs, f"{notebook.name}: dialog during Run All: {dialogs}"
        if len(ran) == code_cells and not any("*" in p for p in prompts) and kernel_ready(panel, lab, relative):
            break
        assert time.monotonic() < deadline, f"{notebook.name}: Run All did not finish; prompts {prompts}, ran {ran}"
        page.wait_for_timeout(200)
    numbers = [re.sub(r"\D", "", p) for p in prompts]
    assert numbers == [str(n) for n in range(1, code_cells + 1)], f"{notebook.name}: prompts after Run All {prompts}"
    assert page.locator(SELECTOR_DIRTY_TAB).count() == 1, f"{notebook.name}: Run All left no unsaved changes"

    before = on_disk.stat().st_mtime_ns
    # The first cell's prompt area: a click there selects the cell and holds no link.
    panel.locator(f"{SELECTOR_CELL} .jp-InputPrompt").first.click()
    page.keyboard.press("Control+s")
    while page.locator(SELECTOR_DIRTY_TAB).count() or on_disk.stat().st_mtime_ns == before:
        dialogs = visible_dialogs(page)
        assert not dialogs, f"{notebook.name}: dialog while saving: {dialogs}"
        assert time.monotonic() < deadline, f"{notebook.name}: Ctrl+S did not save the notebook"
        page.wait_for_timeout(200)
    workspace.saved.add(relative)


def assert_nothing_to_commit(workspace: Workspace, notebook: Path) -> None:
    """After the save, git sees the notebook exactly as committed: nothing to add, nothing to diff."""
    relative = notebook.relative_to(ROOT).as_posix()
    status = git(workspace.root, "status", "--porcelain", "--", relative)
    assert status.stdout == "", f"{notebook.name}: git status after Run All and save:\n{status.stdout}{status.stderr}"
    committed = git(workspace.root, "show", f"HEAD:{relative}").stdout
    assert (workspace.root / relative).read_text(encoding="utf-8") == committed, (
        f"{notebook.name}: the saved file is not byte for byte the committed one"
    )


# --------------------------------------------------------------------------- tests


def test_notebooks_exist() -> None:
    """An empty notebooks/ folder must not make the browser test pass vacuously."""
    assert NOTEBOOKS, f"no notebooks found in {ROOT / 'notebooks'}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_renders_and_round_trips(notebook: Path, request: pytest.FixtureRequest) -> None:
    """Open the notebook in JupyterLab and check title, charts, tables, errors and prompts; then
    Run All and save, after which git must see nothing to commit."""
    # Checked here rather than only in the fixture so that CI reports a FAIL (not a setup
    # ERROR) and a local skip never pays for starting JupyterLab.
    require_browser()
    browser: Browser = request.getfixturevalue("browser")
    lab: Lab = request.getfixturevalue("lab")
    workspace: Workspace = request.getfixturevalue("workspace")

    nb = load_notebook(notebook)
    title = notebook_title(nb)
    assert title, f"{notebook.name}: the first markdown cell has no '# ' title heading"
    problems = stored_problems(nb)
    assert not problems, f"{notebook.name} has error/stderr outputs: {problems}"
    images_expected, tables_expected = expected_images(nb), expected_tables(nb)

    started = time.monotonic()
    log = BrowserLog()
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        log.attach(page)
        panel = open_notebook(page, lab, notebook)
        assert panel.count() == 1, f"{notebook.name}: expected one visible notebook, got {panel.count()}"

        dialogs = visible_dialogs(page)
        kernel_dialogs = [text for text in dialogs if "kernel" in text.lower()]
        assert not kernel_dialogs, f"{notebook.name}: kernel prompt shown to the reader: {kernel_dialogs}"
        assert not dialogs, f"{notebook.name}: unexpected dialog shown to the reader: {dialogs}"
        relative = notebook.relative_to(ROOT).as_posix()
        assert kernel_ready(panel, lab, relative), (
            f"{notebook.name}: kernel did not become idle (server state: {lab.kernel_state(relative)})"
        )
        # Proves windowing is off: cells missing from the DOM would pass the checks below.
        cells = panel.locator(SELECTOR_CELL).count()
        assert cells == len(nb["cells"]), f"{notebook.name}: {len(nb['cells'])} cells stored, {cells} in the page"

        headings = [normalise_text(text) for text in panel.locator(".jp-RenderedMarkdown h1").all_inner_texts()]
        assert any(normalise_text(title) in heading for heading in headings), (
            f"{notebook.name}: title {title!r} not rendered; h1 headings on page: {headings}"
        )

        images = rendered_images(panel)
        broken = [image for image in images if not image["width"]]
        assert not broken, f"{notebook.name}: images that did not load: {broken}"
        assert len(images) >= images_expected, (
            f"{notebook.name}: {images_expected} image outputs stored, {len(images)} rendered"
            + (SVG_HINT if has_svg_images(nb) else "")
        )

        tables = panel.locator(SELECTOR_OUTPUT_TABLE).count()
        assert tables >= tables_expected, f"{notebook.name}: {tables_expected} HTML tables stored, {tables} rendered"

        stderr = panel.locator(SELECTOR_STDERR).all_inner_texts()
        assert not stderr, f"{notebook.name}: error/stderr output shown: {[t[:300] for t in stderr]}"
        output_text = "\n".join(panel.locator(".jp-OutputArea").all_inner_texts())
        assert "Traceback" not in output_text, f"{notebook.name}: a traceback is shown in the outputs"

        screenshot = take_screenshot(page, panel, notebook)
        width, height = assert_not_blank(screenshot)
        print(
            f"\n[browser] {notebook.name}: screenshot {screenshot} {width}x{height}px "
            f"{screenshot.stat().st_size} bytes; {len(images)} images, {tables} tables; "
            f"{time.monotonic() - started:.1f}s"
        )

        assert not log.page_errors, f"{notebook.name}: uncaught errors in the page: {log.page_errors}"
        fatal = log.fatal_console_errors(lab, notebook)
        assert not fatal, f"{notebook.name}: console errors about the notebook/kernel: {fatal}"

        # The round trip: what a reader who runs the notebook and saves it leaves behind.
        started = time.monotonic()
        run_all_and_save(page, panel, lab, workspace, notebook)
        assert_nothing_to_commit(workspace, notebook)
        assert not log.page_errors, f"{notebook.name}: uncaught errors during Run All: {log.page_errors}"
        print(f"[browser] {notebook.name}: Run All and save in {time.monotonic() - started:.1f}s, git status clean")
    finally:
        for error in log.console_errors:
            print(f"[browser] {notebook.name}: console error: {error}")
        context.close()
        try:
            lab.shutdown_kernels()
        except (urllib.error.URLError, OSError) as exc:  # cleanup must not hide the real failure
            print(f"[browser] could not stop the kernels of {notebook.name}: {exc}")


def test_round_trip_leaves_nothing_to_commit_and_build_check_passes(request: pytest.FixtureRequest) -> None:
    """After every notebook was run and saved in JupyterLab, the checkout is clean and current.

    Runs the round trip itself for any notebook the test above did not save (e.g. under ``-k``).
    """
    require_browser()
    workspace: Workspace = request.getfixturevalue("workspace")
    missing = [nb for nb in NOTEBOOKS if nb.relative_to(ROOT).as_posix() not in workspace.saved]
    if missing:
        browser: Browser = request.getfixturevalue("browser")
        lab: Lab = request.getfixturevalue("lab")
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            for notebook in missing:
                run_all_and_save(page, open_notebook(page, lab, notebook), lab, workspace, notebook)
                lab.shutdown_kernels()
        finally:
            context.close()
    assert workspace.saved == {nb.relative_to(ROOT).as_posix() for nb in NOTEBOOKS}

    status = git(workspace.root, "status", "--porcelain", "--untracked-files=all")
    assert status.stdout == "", f"git status after the round trip:\n{status.stdout}{status.stderr}"
    # What git would commit is byte for byte what is committed, which test_build proves is what a fresh
    # build makes: so `build --check` (and `make test`) stay green after the round trip.
    from troopledger.outputs.build import committed_form

    for folder, pattern in (("notebooks", "*.ipynb"), ("figures", "**/*")):
        for path in sorted(p for p in (ROOT / folder).glob(pattern) if p.is_file()):
            saved = workspace.root / path.relative_to(ROOT)
            read = committed_form if folder == "notebooks" else Path.read_bytes
            assert read(saved) == read(path), f"{folder}/{path.name} changed in the round trip"


# --------------------------------------------------------------------------- the HTML edition, from the files

DOCS = ROOT / "docs"
SHOTS = ROOT / "test-output" / "html"


def test_the_html_edition_opens_from_the_files_with_every_image_and_internal_link(browser) -> None:
    """Opened as a reader opens it (file://) in English and Korean: no script error, every image loads, every
    link inside the edition leads to a file that is there. Screenshots go to test-output/html/ for a look."""
    pages = sorted(DOCS.rglob("*.html"))
    assert pages, "docs/ is built by make"
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    seen: set[str] = set()
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        name = path.relative_to(DOCS).as_posix()
        assert page.evaluate("document.body.innerText.trim().length") > 200, f"{name} is blank"
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        assert broken == [], f"{name}: images that did not load: {broken}"
        page.screenshot(path=str(SHOTS / (name.replace("/", "_") + ".png")))
        links = page.evaluate(
            "Array.from(document.querySelectorAll('a[href]')).map(a => a.href).filter(h => h.startsWith('file:'))"
        )
        seen.update(link.split("#")[0] for link in links)
    for link in sorted(seen):  # every internal link opens a page or a file that is there
        target = Path(link.removeprefix("file://"))
        from urllib.parse import unquote

        assert Path(unquote(str(target))).is_file(), f"a link leads nowhere: {link}"
    assert errors == []
    context.close()
