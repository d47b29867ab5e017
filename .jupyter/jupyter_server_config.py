"""JupyterLab for this bundle, as `make lab` starts it (the Makefile puts this folder on JUPYTER_CONFIG_PATH).

Options on the command line (`make lab LAB_ARGS="--port 8890 --ip 0.0.0.0 ..."`) and the user's own
~/.jupyter configuration take precedence over these.
"""

import os
from pathlib import Path

from troopledger.outputs.notebook_filter import jupyter_pre_save_hook

c = get_config()  # noqa: F821 (defined by Jupyter when it reads this file)
HERE = Path(__file__).resolve().parent

# The repository is the file browser's root, so data/ and figures/ are reachable; it opens on notebooks/.
c.ServerApp.root_dir = str(HERE.parent)
c.LabApp.default_url = "/lab/tree/notebooks"
c.ServerApp.ip = "127.0.0.1"
# Jupyter refuses to run as root (as in most containers) unless told that this is intended.
if hasattr(os, "geteuid") and os.geteuid() == 0:
    c.ServerApp.allow_root = True
# lab/settings/overrides.json: no "Jupyter news" pop-up and no update check.
c.LabApp.app_settings_dir = str(HERE / "lab" / "settings")
# A notebook saved from JupyterLab (by hand or by autosave) is written as the build writes it, so saving
# changes nothing that git or `build --check` sees. The git filter covers saves from anywhere else.
c.FileContentsManager.pre_save_hook = jupyter_pre_save_hook
