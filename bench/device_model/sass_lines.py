#!/usr/bin/env python3
"""Static SASS instructions per source line of each kernel of a cubin built with -lineinfo: the
cubin's .debug_line (a DWARF line program from SASS addresses to source lines, one sequence per
kernel, its address relocated against the kernel's .text section; .nv_debug_line_sass maps the
same addresses to PTX lines). Every SASS instruction of sm_90 is 16 bytes.

    sass_lines.py KERNEL.cubin [KERNEL_REGEX]    prints  count  file:line  per line of the kernel
As a module: sass_lines(path) -> {kernel name: Counter{(file, line): instructions}}.
"""
import collections
import re
import struct
import sys


def sections(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    raw = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names_at = raw[shstrndx][4]

    def name(off):
        end = data.index(b"\0", names_at + off)
        return data[names_at + off:end].decode()

    return [dict(name=name(s[0]), type=s[1], offset=s[4], size=s[5], link=s[6], info=s[7], entsize=s[9])
            for s in raw]


def uleb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def sleb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            if b & 0x40:
                result -= 1 << shift
            return result, i


def line_rows(data, base):
    """Rows (offset of the set_address operand or None, address, file, line, end) of one unit."""
    unit_length, version = struct.unpack_from("<IH", data, base)
    end_of_unit = base + 4 + unit_length
    header_length, = struct.unpack_from("<I", data, base + 6)
    i = base + 10
    min_inst = data[i]; i += 1
    if version >= 4:
        i += 1
    i += 1  # default_is_stmt
    line_base = struct.unpack_from("<b", data, i)[0]; i += 1
    line_range = data[i]; i += 1
    opcode_base = data[i]; i += 1
    lengths = list(data[i:i + opcode_base - 1]); i += opcode_base - 1
    dirs = [""]
    while data[i] != 0:
        end = data.index(b"\0", i); dirs.append(data[i:end].decode()); i = end + 1
    i += 1
    files = [""]
    while data[i] != 0:
        end = data.index(b"\0", i); name = data[i:end].decode(); i = end + 1
        d, i = uleb(data, i); _, i = uleb(data, i); _, i = uleb(data, i)
        files.append(name if name.startswith("/") or not dirs[d] else dirs[d] + "/" + name)
    i = base + 10 + header_length
    rows = []
    address, file, line, operand = 0, 1, 1, None
    while i < end_of_unit:
        op = data[i]; i += 1
        if op >= opcode_base:
            adj = op - opcode_base
            address += (adj // line_range) * min_inst
            line += line_base + adj % line_range
            rows.append((operand, address, files[file], line, False))
        elif op == 0:
            n, i = uleb(data, i)
            sub = data[i]
            if sub == 1:  # end_sequence
                rows.append((operand, address, files[file], line, True))
                address, file, line, operand = 0, 1, 1, None
            elif sub == 2:  # set_address
                operand = i + 1
                address = int.from_bytes(data[i + 1:i + n], "little")
            i += n
        elif op == 1:
            rows.append((operand, address, files[file], line, False))
        elif op == 2:
            a, i = uleb(data, i); address += a * min_inst
        elif op == 3:
            a, i = sleb(data, i); line += a
        elif op == 4:
            file, i = uleb(data, i)
        elif op == 8:
            address += ((255 - opcode_base) // line_range) * min_inst
        elif op == 9:
            address += struct.unpack_from("<H", data, i)[0]; i += 2
        else:
            for _ in range(lengths[op - 1]):
                _, i = uleb(data, i)
    return rows, end_of_unit


def sass_lines(path):
    data = open(path, "rb").read()
    secs = sections(data)
    by_name = {s["name"]: k for k, s in enumerate(secs)}
    line_sec = secs[by_name[".debug_line"]]
    ldata = data[line_sec["offset"]:line_sec["offset"] + line_sec["size"]]
    # Relocations of the set_address operands: which kernel's .text each sequence describes.
    symtab = secs[by_name[".symtab"]]
    rela = secs[by_name[".rela.debug_line"]]
    target = {}
    for k in range(rela["size"] // 24):
        off, info, _ = struct.unpack_from("<QQq", data, rela["offset"] + 24 * k)
        sym = info >> 32
        shndx, = struct.unpack_from("<H", data, symtab["offset"] + 24 * sym + 6)
        target[off] = secs[shndx]["name"]
    counts = collections.defaultdict(collections.Counter)
    base = 0
    while base < len(ldata):
        rows, base = line_rows(ldata, base)
        kernel = None
        for n, (operand, address, file, line, end) in enumerate(rows):
            if operand is not None and operand in target:
                kernel = target[operand][len(".text."):]
            if end or n + 1 >= len(rows) or kernel is None:
                continue
            nxt = rows[n + 1][1]
            if nxt > address:
                counts[kernel][(file, line)] += (nxt - address) // 16
    return counts


def main():
    counts = sass_lines(sys.argv[1])
    pattern = sys.argv[2] if len(sys.argv) > 2 else ""
    for kernel, lines in counts.items():
        if not re.search(pattern, kernel):
            continue
        print(f"# {kernel}: {sum(lines.values())} instructions")
        for (f, l), c in lines.most_common():
            print(f"{c:6d}  {f}:{l}")


if __name__ == "__main__":
    main()
