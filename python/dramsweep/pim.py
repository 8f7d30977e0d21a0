"""dramsweep.pim: processing in memory from Python, over the library calls of `dramsweep pim`.

    import dramsweep
    r = dramsweep.pim.evaluate("t-16", "alexnet", batch=4, pim_set={"mesh": "2x2"})
    r["total"]["cycles"], r["total"]["energy_pj"], [layer["partition"] for layer in r["layers"]]

The result is the object `dramsweep pim evaluate --json` prints for the same inputs (docs/pim.md);
bad input raises dramsweep.InputError with .file, .line and .field.
"""
import os

from . import _native

__all__ = ["evaluate"]


def evaluate(pim, network, batch=1, *, mapper="baseline", pim_set=None, dram_set=None, timing=False):
    """A network mapped onto a PIM design and evaluated, as `dramsweep pim evaluate --json`.

    pim: a preset name (t-16, l-1, hb-4x4) or a JSON file; network: a bundled name (alexnet, vgg16,
    resnet50, googlenet, transformer) or a file (PIM JSON DAG, SCALE-Sim CSV, topology JSON);
    batch: the batch size; mapper: baseline; pim_set: design fields, {"mesh": "2x2", "buffer_kb": 256}
    (as --set pim.mesh=2x2); timing: the timing mode (--timing), where dram_set sets fields of the
    node's DRAM preset ({"controller.page_policy": "closed"}, as --set without pim.).
    """
    request = {"pim": os.fspath(pim), "network": os.fspath(network), "batch": batch, "mapper": mapper,
               "timing": timing}
    if pim_set is not None:
        request["pim_set"] = pim_set
    if dram_set is not None:
        request["dram_set"] = dram_set
    return _native.pim_evaluate(request)
