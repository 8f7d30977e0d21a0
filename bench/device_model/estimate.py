#!/usr/bin/env python3
"""Warp-instructions per request of a device kernel, from SASS: callgrind's count of the x86
instructions one lane of the emulated kernel executed, per source line, scaled line by line by
the ratio of that line's SASS instructions (sm_90 cubin, -lineinfo) to its x86 instructions
(the emulated kernel's own code), plus the collectives it called, at their SASS size.

    estimate.py CUBIN KERNEL_REGEX X86_BINARY X86_SYMBOL REQUESTS WARPS [--lines N]
                WARP:CALLGRIND_OUT:COLLECTIVES ...

One callgrind run per counted lane; COLLECTIVES is what the emulator printed for it ("[emu]
counted lane: N collectives"; callgrind's own call counts cannot tell the lanes' fibers apart).

The emulated kernel is the same source compiled by the host compiler with every call inlined
(tests/emu/cuda_emu.hpp); its intrinsics call the emulator (emu::collective), whose own work is
not the kernel's and is left out. A line with x86 code and no SASS (code the two compilers place
on different lines) counts at the kernel's overall SASS/x86 ratio instead, and is reported.
"""
import collections
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sass_lines import line_rows, sass_lines, sections  # noqa: E402

CUDA_HEADERS = re.compile(r"/(sm_\d+_intrinsics|sm_\d+_rt|device_atomic_functions|device_functions)\.h")
EMULATOR = "tests/emu/"


def x86_static(binary, symbol):
    out = subprocess.run(["objdump", "-d", "-l", "--no-show-raw-insn", f"--disassemble={symbol}", binary],
                         capture_output=True, text=True, check=True).stdout
    counts, where = collections.Counter(), None
    for line in out.splitlines():
        m = re.match(r"^(/\S+):(\d+)( \(discriminator \d+\))?$", line)
        if m:
            where = (m.group(1), int(m.group(2)))
        elif re.match(r"^\s+[0-9a-f]+:\t", line) and where is not None:
            counts[where] += 1
    return counts


def callgrind_lines(path, function_pattern):
    """Ir per (file, line) inside functions matching the pattern, and calls per callee name."""
    names, cost, calls = {}, collections.Counter(), collections.Counter()
    current_file = function = callee = None
    line = 0
    skip = False
    pattern = re.compile(function_pattern)

    def resolve(value):
        m = re.match(r"\((\d+)\)\s*(.*)", value)
        if not m:
            return value
        if m.group(2):
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), "?")

    for raw in open(path):
        raw = raw.rstrip("\n")
        if not raw:
            continue
        if raw.startswith(("fl=", "fi=", "fe=")):
            current_file = resolve(raw[3:])
        elif raw.startswith("fn="):
            function = resolve(raw[3:])
        elif raw.startswith("cfn="):
            callee = resolve(raw[4:])
        elif raw.startswith(("cfl=", "cfi=")):
            resolve(raw[4:])
        elif raw.startswith(("ob=", "cob=")):
            pass
        elif raw.startswith("calls="):
            if function and pattern.search(function):
                calls[callee] += int(raw[6:].split()[0])
            skip = True
        elif raw[0] in "0123456789+-*":
            parts = raw.split()
            p = parts[0]
            if p.startswith("+"):
                line += int(p[1:])
            elif p.startswith("-"):
                line -= int(p[1:])
            elif p != "*":
                line = int(p)
            if skip:
                skip = False
                continue
            if function and pattern.search(function) and len(parts) > 1:
                cost[(current_file, line)] += int(parts[1])
    return cost, calls


def collective_sass_size(cubin, kernel):
    """The mean SASS length of one inlined intrinsic (a run of instructions on CUDA's headers)."""
    data = open(cubin, "rb").read()
    secs = sections(data)
    sec = secs[[s["name"] for s in secs].index(".debug_line")]
    ldata = data[sec["offset"]:sec["offset"] + sec["size"]]
    lines = sass_lines(cubin)[kernel]
    total = sum(c for (f, _), c in lines.items() if CUDA_HEADERS.search(f))
    runs, base, in_run = 0, 0, False
    # Count runs over all kernels' rows in address order (one sequence per kernel); only the
    # ratio matters, so every kernel's intrinsics are a fair sample of this one's.
    header_total = 0
    while base < len(ldata):
        rows, base = line_rows(ldata, base)
        for n, (_, address, f, _, end) in enumerate(rows):
            if end or n + 1 >= len(rows):
                in_run = False
                continue
            size = (rows[n + 1][1] - address) // 16
            if size <= 0:
                continue
            if CUDA_HEADERS.search(f):
                header_total += size
                if not in_run:
                    runs += 1
                in_run = True
            else:
                in_run = False
    return (header_total / runs if runs else 1.0), total


def warp_estimate(runs, sass, own_x86, overall, per_collective):
    """One warp's SASS per request: per source line the most any of its counted lanes executed
    (a warp issues a line when any lane runs it), scaled by the line's SASS/x86 ratio."""
    lines, collectives = collections.Counter(), 0
    for cg_out, counted in runs:
        dynamic, _ = callgrind_lines(cg_out, "advance_pool<|_ZN9dramsweep6device12advance_pool")
        for key, ir in dynamic.items():
            if EMULATOR not in (key[0] or "") and ir > lines[key]:
                lines[key] = ir
        collectives = max(collectives, counted)
    estimate, unmatched = collections.Counter(), 0
    for key, ir in lines.items():
        if own_x86[key] > 0 and sass[key] > 0:
            estimate[key] = ir * sass[key] / own_x86[key]
        else:
            unmatched += ir
            estimate[key] = ir * overall
    return estimate, sum(lines.values()), unmatched, collectives * per_collective


# Code a channel runs on its own lanes (inside the memory's each_channel): the channel, the rules
# and effects it calls, its lanes' collectives. The rest (the loop, the memory's exchange, the
# block's words) runs on the whole block alike and meets at whole-warp collectives, so the halves
# of a warp share it whatever their channels did.
PER_CHANNEL = re.compile(r"include/dramsweep/(device/channel\.hpp|device/device_state\.hpp|dram/|common/|results/)")


def per_channel_line(key, device_block_line):
    f, line = key
    if f and f.endswith("cuda/warp_lanes.cuh"):
        return line < device_block_line  # WarpLanes, above DeviceBlock
    return bool(f and PER_CHANNEL.search(f))


def diverged_estimate(runs, sass, own_x86, overall, per_collective, device_block_line):
    """A warp of two channels (half warps) whose halves share no instruction of their channels'
    code: per line of that code the sum of each half's estimate (`runs` by half), per line of the
    block's shared code the larger; collectives summed (the shared ones too: an overestimate).
    The warp's true count lies between this and the converged estimate (warp_estimate over all
    its lanes), which counts every line once."""
    shared, _, _, _ = warp_estimate([r for half in runs.values() for r in half], sass, own_x86, overall,
                                    per_collective)
    estimate = collections.Counter({k: v for k, v in shared.items() if not per_channel_line(k, device_block_line)})
    collective_sass = 0
    for half_runs in runs.values():
        e, _, _, c = warp_estimate(half_runs, sass, own_x86, overall, per_collective)
        estimate.update({k: v for k, v in e.items() if per_channel_line(k, device_block_line)})
        collective_sass += c
    return estimate, collective_sass


def main():
    """estimate.py CUBIN KERNEL_REGEX X86_BINARY X86_SYMBOL REQUESTS WARPS [--lines N]
                   WARP[.HALF]:CALLGRIND_OUT:COLLECTIVES ...
    WARP: the warp of the counted lane; warps of the block not counted are taken as the mean of
    those counted (every warp runs the same loop on a channel of its own). HALF (0 or 1): the
    half of the warp, for two channels a warp; then the estimate is given twice, with the
    halves' paths shared (converged) and apart (diverged), bounds of the true count."""
    args = sys.argv[1:]
    top = 25
    tick_share = None  # --tick-share: pair ticks over channel ticks (device_probe)
    if "--tick-share" in args:
        k = args.index("--tick-share")
        tick_share = float(args[k + 1])
        del args[k:k + 2]
    if "--lines" in args:
        k = args.index("--lines")
        top = int(args[k + 1])
        del args[k:k + 2]
    cubin, kernel_regex, binary, symbol, requests, warps = args[:6]
    requests, warps = int(requests), int(warps)
    by_warp = collections.defaultdict(list)
    by_half = collections.defaultdict(lambda: collections.defaultdict(list))
    for run in args[6:]:
        where, cg_out, counted = run.split(":")
        warp, _, half = where.partition(".")
        by_warp[int(warp)].append((cg_out, int(counted)))
        by_half[int(warp)][int(half or 0)].append((cg_out, int(counted)))
    halves = any(len(h) > 1 for h in by_half.values())
    warp_lanes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../cuda/warp_lanes.cuh")
    device_block_line = next(n for n, text in enumerate(open(warp_lanes), 1) if text.startswith("struct DeviceBlock"))
    kernels = sass_lines(cubin)
    kernel = next(k for k in kernels if re.search(kernel_regex, k))
    sass = collections.Counter({key: c for key, c in kernels[kernel].items() if not CUDA_HEADERS.search(key[0])})
    x86 = x86_static(binary, symbol)
    own_x86 = collections.Counter({k: c for k, c in x86.items() if EMULATOR not in k[0]})
    overall = sum(sass.values()) / max(1, sum(own_x86.values()))
    per_collective, _ = collective_sass_size(cubin, kernel)
    print(f"kernel {kernel}")
    print(f"  static: {sum(sass.values())} SASS (intrinsics apart), {sum(own_x86.values())} x86; ratio {overall:.3f};"
          f" {per_collective:.2f} SASS per intrinsic")
    totals = []
    hottest = collections.Counter()
    for warp in sorted(by_warp):
        estimate, ir, unmatched, collective_sass = warp_estimate(by_warp[warp], sass, own_x86, overall, per_collective)
        total = sum(estimate.values()) + collective_sass
        totals.append(total)
        hottest.update(estimate)
        print(f"  warp {warp} ({len(by_warp[warp])} lanes): {ir / requests:.1f} x86/request (line maxima), "
              f"{100 * unmatched / max(1, ir):.1f} % on lines without SASS; "
              f"SASS/request {total / requests:.1f} (collectives {collective_sass / requests:.1f})")
    mean = sum(totals) / len(totals)
    block = sum(totals) + mean * (warps - len(totals))
    print(f"  block of {warps} warps: {block / requests:.1f} SASS warp-instructions per configuration-request"
          + (" (the halves' paths shared)" if halves else ""))
    print(f"RESULT sass_per_request {block / requests:.1f}")
    if halves:
        apart = []
        for warp in sorted(by_half):
            estimate, collective_sass = diverged_estimate(by_half[warp], sass, own_x86, overall, per_collective,
                                                          device_block_line)
            apart.append(sum(estimate.values()) + collective_sass)
        mean_apart = sum(apart) / len(apart)
        block_apart = sum(apart) + mean_apart * (warps - len(apart))
        print(f"  block of {warps} warps, the halves' paths apart: {block_apart / requests:.1f}")
        print(f"RESULT sass_per_request_apart {block_apart / requests:.1f}")
        if tick_share is not None:
            # At best the halves share their channels' code whenever both tick at one clock: that
            # code is then paid per pair tick (a clock at which either ticks), not per channel tick.
            aligned = []
            for warp in sorted(by_half):
                estimate, collective_sass = diverged_estimate(by_half[warp], sass, own_x86, overall,
                                                              per_collective, device_block_line)
                own = sum(v for k, v in estimate.items() if per_channel_line(k, device_block_line))
                aligned.append(sum(estimate.values()) - own * (1 - tick_share) + collective_sass * tick_share)
            mean_aligned = sum(aligned) / len(aligned)
            block_aligned = sum(aligned) + mean_aligned * (warps - len(aligned))
            print(f"  block of {warps} warps, the halves' paths shared at the clocks both tick (tick share "
                  f"{tick_share:.3f}): {block_aligned / requests:.1f}")
            print(f"RESULT sass_per_request_aligned {block_aligned / requests:.1f}")
    by_file = collections.Counter()
    for (f, _), v in hottest.items():
        by_file[os.path.relpath(f) if f else "?"] += v
    print("  by file (SASS per request, counted warps together):")
    for f, v in by_file.most_common():
        if v / requests >= 1:
            print(f"    {v / requests:7.1f}  {f}")
    print("  hottest lines (SASS per request, counted warps together):")
    for (f, l), v in hottest.most_common(top):
        print(f"    {v / requests:7.1f}  {os.path.relpath(f) if f else '?'}:{l}")


if __name__ == "__main__":
    main()
