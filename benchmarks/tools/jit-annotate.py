#!/usr/bin/env python3
"""Samples per instruction of JIT-compiled Java methods, without hsdis.

HotSpot without the hsdis library still prints each compiled method's raw bytes. This script
disassembles them with objdump and counts `perf` samples per instruction. It is how session 9
found the interface check on the coro switch path (benchmarks/results/foundation.md).

1. Run the JVM under perf and have it print the methods you care about:

     perf record -F 4999 -o perf.data -- java $FLAGS -XX:+UnlockDiagnosticVMOptions \
         -XX:+DumpPerfMapAtExit -XX:CompileCommand=quiet \
         -XX:CompileCommand=print,io.shrapnel.kernel.Scheduler::runReady \
         -cp benchmarks/target/benchmarks.jar <main class> ... > asm.txt 2>&1

   For a running server, start it with the same -XX flags (stdout to asm.txt) and attach
   `perf record -p PID`.

2. benchmarks/tools/jit-annotate.py asm.txt perf.data runReady [more name fragments]

   For each printed method whose header contains a fragment and that has samples, this prints
   its disassembly with each instruction's sample count in the first column. HotSpot's own
   comments (metadata, calls, barriers) are printed above the instruction they belong to. On x86,
   a sample usually lands on the instruction after the one that stalled.

Needs perf (software events are enough) and objdump (binutils).
"""
import collections
import re
import subprocess
import sys
import tempfile


def compiled_methods(path):
    """Each 'Compiled method' of a -XX:CompileCommand=print log: header, code chunks, comments."""
    methods, current, in_code = [], None, False
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("Compiled method"):
                current = {"name": line, "chunks": [], "comments": collections.defaultdict(list)}
                methods.append(current)
                in_code = False
            elif line.startswith("[MachCode]"):
                in_code = True
            elif line.startswith("[/MachCode]"):
                in_code = False
            elif in_code and current is not None:
                m = re.match(r"\s+0x([0-9a-f]+): (.*)", line)
                if not m:
                    continue
                address, rest = int(m.group(1), 16), m.group(2)
                if rest.startswith(";"):
                    current["comments"][address].append(rest.strip())
                else:
                    current["chunks"].append((address, bytes.fromhex(re.sub(r"[^0-9a-f]", "", rest.split(";")[0]))))
    return methods


def samples(perf_data):
    out = subprocess.run(["perf", "script", "-i", perf_data, "-F", "ip"], capture_output=True, text=True, check=True).stdout
    return collections.Counter(int(x, 16) for x in out.split())


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    asm, perf_data, wanted = argv[1], argv[2], argv[3:]
    counts = samples(perf_data)
    total = sum(counts.values()) or 1
    for method in compiled_methods(asm):
        if not any(w in method["name"] for w in wanted) or not method["chunks"]:
            continue
        start = method["chunks"][0][0]
        code = bytearray()
        for address, chunk in method["chunks"]:
            code += b"\x90" * (address - start - len(code))  # keep addresses aligned across comment lines
            code += chunk
        hits = sum(c for a, c in counts.items() if start <= a < start + len(code))
        if hits == 0:
            continue
        print("=====", method["name"], "samples", hits, "(%.2f%% of all)" % (100.0 * hits / total))
        with tempfile.NamedTemporaryFile(suffix=".bin") as f:
            f.write(code)
            f.flush()
            listing = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", "--adjust-vma=0x%x" % start, f.name],
                                     capture_output=True, text=True, check=True).stdout
        for line in listing.split("\n"):
            m = re.match(r"\s*([0-9a-f]+):\s", line)
            if not m:
                continue
            address = int(m.group(1), 16)
            for comment in method["comments"].get(address, []):
                print("            ", comment)
            n = counts.get(address, 0)
            print("%6s %s" % (n if n else "", line.strip()))


if __name__ == "__main__":
    main(sys.argv)
