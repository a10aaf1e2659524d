#!/usr/bin/env python3
"""bloat.py PROGRAM: why a program linked with liblnp.a carries Rust's panic
machinery (std's panic handler, which prints backtraces with gimli/addr2line).

Builds a call graph from `objdump -d` (direct calls, and GOT-indirect calls
resolved through the R_X86_64_RELATIVE relocations of the PIE) and prints the
shortest call path from main to each panic entry point it reaches.  No
output after the summary line means no panic path: the program stays small.
"""
import bisect
import collections
import re
import subprocess
import sys

prog = sys.argv[1]
asm = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-C", prog], capture_output=True, text=True).stdout
rel = {}
for line in subprocess.run(["readelf", "-rW", prog], capture_output=True, text=True).stdout.splitlines():
    p = line.split()
    if len(p) >= 4 and p[2] == "R_X86_64_RELATIVE":
        rel[int(p[0], 16)] = int(p[3], 16)
syms = []
for line in subprocess.run(["nm", "-C", prog], capture_output=True, text=True).stdout.splitlines():
    p = line.split(" ", 2)
    if len(p) == 3 and p[0] and p[1] in "TtWw":
        syms.append((int(p[0], 16), p[2]))
syms.sort()
addrs = [a for a, _ in syms]


def name_at(a):
    i = bisect.bisect_right(addrs, a) - 1
    return syms[i][1] if i >= 0 and syms[i][0] == a else None


graph, cur = collections.defaultdict(set), None
for line in asm.splitlines():
    m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
    if m:
        cur = m.group(1)
        continue
    if cur is None:
        continue
    m = re.search(r"\s(call|jmp|j[a-z]+)\s+[0-9a-f]+ <([^>+]*)(\+0x[0-9a-f]+)?>", line)
    if m and m.group(2) != cur:
        graph[cur].add(m.group(2))
    m = re.search(r"# ([0-9a-f]+) <", line)
    if m and int(m.group(1), 16) in rel:
        n = name_at(rel[int(m.group(1), 16)])
        if n:
            graph[cur].add(n)

prev, queue = {"main": None}, collections.deque(["main"])
while queue:
    n = queue.popleft()
    for t in sorted(graph.get(n, ())):
        if t not in prev:
            prev[t] = n
            queue.append(t)


def path(n):
    p = []
    while n:
        p.append(n)
        n = prev[n]
    return p[::-1]


entries = [n for n in prev if re.search(r"core::panicking::|rust_begin_unwind|handle_alloc_error|capacity_overflow", n)]
print(f"{prog}: {len(prev)} functions reachable from main, {len(entries)} panic entry points")
shown = set()
for t in sorted(entries, key=lambda t: len(path(t))):
    p = path(t)
    first_rust = next((x for x in p if not x.startswith(("main", "lnp_rs_", "err_"))), p[-1])
    key = p[p.index(first_rust) - 1] if p.index(first_rust) > 0 else first_rust
    if key in shown:
        continue
    shown.add(key)
    print("  " + " -> ".join(x[:90] for x in p))
