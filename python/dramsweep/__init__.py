"""dramsweep from Python: the library the `dramsweep` command line uses, without a subprocess.

    import dramsweep
    r = dramsweep.run("configs/accel/scalesim_32x32_os.cfg", "ddr4-2400", "configs/topologies/resnet18.csv")
    rows = dramsweep.sweep("configs/sweeps/small_ddr4.json", backend="host")

Configurations are paths, preset names or dicts with the keys of the JSON formats
(docs/formats.md); results are dicts equal, field for field, to the command line's JSON and
result rows. Bad input raises dramsweep.InputError (a ValueError) with .file, .line and .field.
The engine runs with the GIL released. The API is documented in docs/python.md.
"""
import os

try:
    from . import _native
except ImportError as error:  # the pure-Python tools of this folder still work without it
    raise ImportError(
        "dramsweep's native module is not built: configure with pybind11-dev and python3-dev installed "
        "(scripts/install-deps.sh), build, and put build/python on PYTHONPATH (" + str(error) + ")") from error

__all__ = ["InputError", "run", "sweep", "trace", "load_dram", "load_accel", "load_topology", "import_onnx",
           "to_frame", "pim"]

InputError = _native.InputError

from . import pim  # noqa: E402  (dramsweep.pim.evaluate: needs _native)


def _plain(value):
    """A path-like becomes its path; everything else is passed as it is."""
    return os.fspath(value) if isinstance(value, os.PathLike) else value


def _request(**parts):
    return {key: _plain(value) for key, value in parts.items() if value is not None}


def run(accel, dram, topology, batch=None, *, accel_set=None, dram_set=None):
    """One network on one accelerator with its DRAM in the closed loop, as `dramsweep run --json`.

    accel: a .cfg or JSON path, or a dict of the accelerator's JSON form; dram: a preset name, a
    JSON path or a dict of the preset form; topology: a CSV or JSON path, or a dict of the
    topology's JSON form; batch: images per layer (default: the topology's own, 1 for a CSV);
    accel_set / dram_set: overrides, {"array_rows": 64} / {"org.channels": 2}.
    Returns the dict `dramsweep run --json` prints (layers, total, objectives, ...).
    """
    return _native.run(_request(accel=accel, dram=dram, topology=topology, batch=batch, accel_set=accel_set,
                                dram_set=dram_set))


def sweep(spec_or_configs, backend="auto", *, threads=0, validate=None, as_frame=False):
    """Many configurations at once on the batched engine.

    spec_or_configs: a sweep spec (a path or a dict of the spec form, docs/formats.md): the rows
    `dramsweep sweep SPEC --out X.jsonl` writes, sorted by "config". Or a list of network
    configurations, each a dict with the keys of run() (accel, dram, topology, batch, accel_set,
    dram_set): per configuration {"config": its index} and the statistics of a network sweep's
    rows, in list order; configurations with the same topology run as one batch.
    backend: auto, cuda, host or reference; threads: host threads (0: all cores); validate: for a
    spec, re-run N configurations (or "all") on the reference model, RuntimeError on a difference.
    as_frame: return a pandas DataFrame (pandas must be installed) instead of a list of dicts.
    """
    if isinstance(spec_or_configs, (str, os.PathLike, dict)):
        rows = _native.sweep_spec(_plain(spec_or_configs), backend, threads, validate)
    else:
        rows = _native.sweep_configs(list(spec_or_configs), backend, threads, validate)
    return to_frame(rows) if as_frame else rows


def trace(dram, trace=None, *, generate=None, limit=0, max_outstanding=0, dram_set=None):
    """A DRAM request stream through one configuration, as `dramsweep trace --json`.

    trace: a trace file (any format of docs/dram.md) or a sequence of (address, "R"|"W") pairs;
    or generate: "seq_read", "rand_read" or "mix_2r1w" (limit requests, default 1,000,000).
    limit: keep the first N requests of a trace; max_outstanding: as --max-outstanding.
    """
    return _native.trace(_request(dram=dram, dram_set=dram_set), _plain(trace), generate, limit, max_outstanding)


def load_dram(dram, set=None):
    """The DRAM configuration as the library reads it (a preset name, path or dict, then the
    overrides `set`), validated, as a dict of the preset form."""
    return _native.load_dram(_request(dram=dram, dram_set=set))


def load_accel(accel, set=None):
    """The accelerator configuration (a .cfg or JSON path, or a dict), with the overrides `set`,
    validated, as a dict of the JSON form."""
    return _native.load_accel(_request(accel=accel, accel_set=set))


def load_topology(topology, batch=None):
    """The topology (a CSV or JSON path, or a dict), with `batch` images per layer when given,
    validated, as a dict of the JSON form."""
    return _native.load_topology(_request(topology=topology, batch=batch))


def import_onnx(model, batch=None):
    """The topology of an ONNX model (a path), as `dramsweep import-onnx` writes it (needs onnx)."""
    from . import onnx_import
    return onnx_import.import_model(_plain(model), batch)


def to_frame(rows):
    """Rows as a pandas DataFrame, one column per key (pandas is optional: ImportError without it)."""
    try:
        import pandas
    except ImportError as error:
        raise ImportError("as_frame / to_frame need pandas (Debian: apt-get install python3-pandas)") from error
    return pandas.DataFrame(list(rows))
