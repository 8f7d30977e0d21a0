#!/usr/bin/env python3
"""The device engine's resource gate: reads ptxas' report (nvcc -Xptxas -v) of the kernels and
fails when one spills, uses a stack (local memory), holds static shared memory, or uses more
registers than cuda/resource_budget.json allows. Prints one line per kernel either way.

    check_kernel_resources.py BUDGET.json PTXAS_REPORT.txt
"""
import json
import re
import sys


def parse(report):
    kernels, current = {}, None
    for line in report.splitlines():
        m = re.search(r"Compiling entry function '([^']+)'", line)
        if m:
            current = m.group(1)
            kernels[current] = {"registers": None, "stack": 0, "spill_stores": 0, "spill_loads": 0, "smem": 0}
            continue
        if current is None:
            continue
        k = kernels[current]
        m = re.search(r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads", line)
        if m:
            k["stack"], k["spill_stores"], k["spill_loads"] = (int(g) for g in m.groups())
        m = re.search(r"Used (\d+) registers", line)
        if m:
            k["registers"] = int(m.group(1))
        m = re.search(r"(\d+) bytes smem", line)
        if m:
            k["smem"] = int(m.group(1))
    return kernels


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    budget = json.load(open(sys.argv[1]))["kernels"]
    kernels = parse(open(sys.argv[2]).read())
    failures = 0
    for rule in budget:
        found = [name for name in kernels if re.search(rule["match"], name)]
        if not found:
            print(f"FAIL no kernel matches {rule['match']!r}")
            failures += 1
        for name in found:
            k = kernels[name]
            problems = []
            if k["registers"] is None:
                problems.append("no register count in the report")
            elif k["registers"] > rule["max_registers"]:
                problems.append(f"{k['registers']} registers > {rule['max_registers']}")
            if k["spill_stores"] or k["spill_loads"]:
                problems.append(f"spills ({k['spill_stores']} B stored, {k['spill_loads']} B loaded)")
            if k["stack"]:
                problems.append(f"a {k['stack']} B stack frame (local memory)")
            if k["smem"]:
                problems.append(f"{k['smem']} B of static shared memory")
            status = "FAIL" if problems else "ok  "
            print(f"{status} {rule['match']}: {k['registers']} registers (budget {rule['max_registers']}), "
                  f"stack {k['stack']} B, spills {k['spill_stores']}/{k['spill_loads']} B, static smem {k['smem']} B"
                  + ("; " + "; ".join(problems) if problems else ""))
            failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
