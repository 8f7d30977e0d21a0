"""Shared by the Python tests (run by CTest, label `python`): where the build is, running the
real `dramsweep` binary, scratch folders, and skipping (exit 77, CTest's SKIP_RETURN_CODE) when
a package a test needs is not installed for this interpreter."""
import importlib
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77
SOURCE_DIR = os.environ.get("DRAMSWEEP_SOURCE_DIR",
                            os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BINARY = os.environ.get("DRAMSWEEP_BINARY", os.path.join(SOURCE_DIR, "build", "apps", "dramsweep"))


def source(*parts):
    return os.path.join(SOURCE_DIR, *parts)


def require(*modules):
    """Exits with SKIP, naming what is missing, unless every module imports."""
    missing = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as error:
            missing.append(f"{name} ({error})")
    if missing:
        print(f"skipped: {', '.join(missing)} missing for {sys.executable}; scripts/install-deps.sh installs them")
        sys.exit(SKIP)


def require_module():
    """The native module must import when the build made it; the test skips when it did not."""
    if os.environ.get("DRAMSWEEP_WITH_PYTHON", "ON") == "OFF":
        print("skipped: the build has no Python module (pybind11-dev or python3-dev missing at configure)")
        sys.exit(SKIP)


def dramsweep(*args, check=True, cwd=SOURCE_DIR, **kwargs):
    """Runs the binary; returns the CompletedProcess (text). check: fail unless it exits 0."""
    proc = subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=cwd, **kwargs)
    if check and proc.returncode != 0:
        raise AssertionError(f"dramsweep {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return proc


def dramsweep_json(*args, **kwargs):
    return json.loads(dramsweep(*args, **kwargs).stdout)


class Scratch:
    """A temporary folder, removed afterwards (use with `with`)."""

    def __enter__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="dramsweep-test-")
        return self._dir.name

    def __exit__(self, *exc):
        self._dir.cleanup()
