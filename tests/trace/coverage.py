#!/usr/bin/env python3
"""Every function of lnp's headers writes an LNP_TRACE line.

Lists the functions declared in include/lnp.h, unpthread.h, unpifi.h,
unprtt.h and netinet/sctp.h, checks that the library defines each one
(`export_name = "lnp_rs_NAME"` in src/, or src/sys/variadic.c), and that
each Rust definition either traces itself (a `trace_call!` naming the
function) or returns the result of another header function that does (then
that function's line is the one written: `Tcp_connect` writes
`tcp_connect(...)`). The only functions without a line of their own are
EXCEPTIONS below, each with its reason (README.md, "Watching a program").
Closing line "trace-coverage: N passed, N failed".
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
HEADERS = ["include/lnp.h", "include/unpthread.h", "include/unpifi.h", "include/unprtt.h", "include/netinet/sctp.h"]

# Deliberately untraced: they are the messages themselves. A dying wrapper's
# trace line (`Connect(...) = -1 ECONNREFUSED (...)`) comes just before.
EXCEPTIONS = {
    "err_sys": "prints the book's error message (the failed call was traced before it)",
    "err_quit": "prints the book's error message",
    "err_msg": "prints the book's message",
    "err_ret": "prints the book's error message",
    "err_dump": "prints the book's error message and aborts",
}

passed = failed = 0


def ok():
    global passed
    passed += 1


def bad(msg):
    global failed
    failed += 1
    print("FAIL " + msg)


def declared(path):
    """Function names declared at file scope of a C header."""
    text = (ROOT / path).read_text()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r"^\s*#(?:[^\n]*\\\n)*[^\n]*", " ", text, flags=re.M)
    names = set()
    for stmt in text.split(";"):
        stmt = " ".join(stmt.split()).rsplit("}", 1)[-1].rsplit("{", 1)[-1].strip()
        if stmt.startswith("typedef") or stmt.startswith("extern \"C\""):
            continue
        m = re.search(r"\b([A-Za-z_]\w*)\s*\((?:[^()]|\([^()]*\))*\)\s*(?:__attribute__\s*\(\(.*\)\)\s*)*$", stmt)
        if m and m.group(1) not in ("__attribute__", "sizeof"):
            names.add(m.group(1))
    return names


def rust_bodies():
    """NAME -> body text of every `export_name = "lnp_rs_NAME"` function in src/."""
    bodies = {}
    for f in sorted((ROOT / "src").rglob("*.rs")):
        lines = f.read_text().split("\n")
        for i, line in enumerate(lines):
            m = re.search(r'export_name = "lnp_rs_(\w+)"', line)
            if not m:
                continue
            j = i + 1
            while j < len(lines) and lines[j] != "}":
                j += 1
            bodies[m.group(1)] = "\n".join(lines[i : j + 1])
    return bodies


def c_functions():
    text = (ROOT / "src/sys/variadic.c").read_text()
    return set(re.findall(r"^LNP_ERR_FUNC\((\w+),", text, flags=re.M))


header_names = set()
for h in HEADERS:
    names = declared(h)
    if not names:
        bad(f"{h}: no function declarations found")
    header_names |= names

bodies = rust_bodies()
c_names = c_functions()
traced_names = {name: set(re.findall(r'trace_call!\(\s*\w+,\s*"(\w+)"', body)) for name, body in bodies.items()}
direct = {name for name, shown in traced_names.items() if name in shown}

for name in sorted(header_names):
    if name in EXCEPTIONS:
        if name in c_names or name in bodies:
            ok()
        else:
            bad(f"{name}: declared, in the exception list, but not defined")
        continue
    if name in c_names:
        bad(f"{name}: a C function of variadic.c with no trace line and no documented exception")
        continue
    body = bodies.get(name)
    if body is None:
        bad(f"{name}: declared in a header but not defined by the library")
        continue
    if name in direct:
        ok()
        continue
    others = traced_names[name]
    if others:
        bad(f"{name}: its trace line names {sorted(others)}, not {name}")
        continue
    calls = set(re.findall(r"\b(\w+)\s*\(", body.split("{", 1)[1])) & direct
    if calls:
        ok()
    else:
        bad(f"{name}: writes no trace line (no trace_call!, and it calls no traced function)")

stale = set(EXCEPTIONS) - header_names
for name in sorted(stale):
    bad(f"exception {name} is not a header function")

print(f"trace-coverage: {passed} passed, {failed} failed ({len(header_names)} functions, {len(EXCEPTIONS)} exceptions)")
sys.exit(1 if failed else 0)
