#!/usr/bin/env python3
"""docs.py: the user documentation says only true things (make test-docs).

For README.md, README.ko.md, c-examples/README.md and c-examples/README.ko.md,
inside code (`spans` and fenced blocks):

* every `make TARGET` is a target of the right Makefile: the one in the
  document's directory, `make -C DIR TARGET` the one in DIR;
* every `bin/PROG` (c-examples/bin/PROG from the root) is a built program,
  every `cargo run --example NAME` an example in examples/;
* every repository path (`tests/sctp/run.sh`, `src/sys/{io,addr}.rs`,
  `tests/api_*.rs`, and in c-examples/ a bare `tcpserv01.c`) exists;
* README.md links to README.ko.md in its first lines;
* each English document and its Korean twin have the same section anchors
  (`<a id="..."></a>`, in the same order) and name the same make targets,
  programs, examples and paths.

Run after `make examples` (the programs in c-examples/bin/ must exist).
Closing line: "docs: N passed, N failed".
"""

import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TWINS = [("README.md", "README.ko.md"), ("c-examples/README.md", "c-examples/README.ko.md")]
# First components of paths that name files of the repository (or its build).
REPO_DIRS = {"src", "tests", "c-examples", "include", "examples", "benches", "scripts", "tools", "build", ".ci"}
SOURCE_EXT = (".c", ".h", ".rs", ".sh", ".py", ".md", ".toml", ".in", ".supp", ".skip")

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL docs {what}")


def make_targets(directory):
    """The targets `make -p` knows in DIRECTORY's Makefile."""
    out = subprocess.run(["make", "-C", directory, "-pRrq", ":"], capture_output=True, text=True).stdout
    targets, not_target = set(), False
    for line in out.splitlines():
        if line.startswith("# Not a target"):
            not_target = True
            continue
        m = re.match(r"^([A-Za-z0-9_.\-]+):(?!=)", line)
        if m and not not_target:
            targets.add(m.group(1))
        not_target = False
    return targets


def code_of(text):
    """The code of a Markdown document: fenced blocks line by line, then inline spans.

    A ```make block quotes a lab's own Makefile (LIBUNP = ../libunp.a), whose
    paths are not this repository's: it is left out."""
    code, fenced, foreign, rest = [], False, False, []
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            foreign = fenced and line.strip() == "```make"
            continue
        if not foreign:
            (code if fenced else rest).append(line)
    # Inline spans may wrap over a line break inside a paragraph.
    prose = "\n".join(rest)
    code += [m.group(1).replace("\n", " ") for m in re.finditer(r"`([^`]+)`", prose)]
    return code


def make_commands(code):
    """(directory or None, target) for every `make ...` in the code."""
    found = []
    for chunk in code:
        for m in re.finditer(r"(?:^|[\s;&|(])make((?:\s+[^\s;&|)#`]+)*)", chunk):
            words, directory, i = m.group(1).split(), None, 0
            while i < len(words):
                w = words[i]
                if w == "-C" and i + 1 < len(words):
                    directory, i = words[i + 1], i + 2
                    continue
                if w.startswith("-") or "=" in w:
                    i += 1
                    continue
                if re.fullmatch(r"[a-z][a-z0-9_.\-]*", w):
                    found.append((directory, w))
                    i += 1
                    continue
                break  # a word that is no target (a placeholder, a file): the command ends here
    return found


def paths_of(code, base):
    """Repository paths named in the code of a document in directory BASE."""
    found = set()
    for chunk in code:
        # Commas inside braces belong to the path (src/sys/{io,addr}.rs).
        chunk = re.sub(r"\{[^{}\s]*\}", lambda m: m.group(0).replace(",", "\0"), chunk)
        for w in re.split(r"[\s,;:()\"'`=]+", chunk):
            # Korean particles follow a path without a space (bin/에): keep the ASCII part.
            w = re.match(r"[!-~]*", w.replace("\0", ",")).group(0).rstrip(".")
            if not w or w.startswith(("/", "<", "$", "-", "http")) or "…" in w or "..." in w.replace("../", ""):
                continue
            if any(re.fullmatch(r"[A-Z_]{2,}", part) for part in re.split(r"[/.]", w)):
                continue  # a placeholder such as bin/PROG or PREFIX/lib
            first = w.split("/")[0]
            if "/" in w and (first in REPO_DIRS or first == ".." or (base != "." and first in {"bin", "lib", "tests"})):
                found.add(w)
            elif base != "." and "/" not in w and w.endswith(SOURCE_EXT) and re.fullmatch(r"[A-Za-z0-9_.\-*]+", w):
                found.add(w)
    return found


def expand(path):
    """Brace and glob expansion, as the shell would do it."""
    m = re.search(r"\{([^{}]*)\}", path)
    if m:
        out = []
        for alt in m.group(1).split(","):
            out += expand(path[: m.start()] + alt + path[m.end():])
        return out
    return [path]


def exists(base, path):
    """PATH exists relative to BASE; a bare file name may also be in BASE/lib or include/."""
    dirs = [base] if "/" in path else [base, os.path.join(base, "lib"), "include"]
    hits = []
    for p in expand(path):
        p = p.rstrip("/")
        found = False
        for d in dirs:
            full = os.path.normpath(os.path.join(ROOT, d, p))
            found = found or (bool(glob.glob(full)) if any(c in p for c in "*?[") else os.path.exists(full))
        hits.append(found)
    return all(hits)


def facts(doc):
    """What a document names: anchors, make commands, programs, examples, paths."""
    base = os.path.dirname(doc) or "."
    with open(os.path.join(ROOT, doc), encoding="utf-8") as f:
        text = f.read()
    code = code_of(text)
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    makes = make_commands(code)
    prog_re = r"(?<![\w/.])bin/([a-z][A-Za-z0-9_.]*)" if base != "." else r"(?<![\w/.])c-examples/bin/([a-z][A-Za-z0-9_.]*)"
    progs = {p for chunk in code for p in re.findall(prog_re, chunk)}
    examples = {e for chunk in code for e in re.findall(r"cargo run --example ([A-Za-z0-9_]+)", chunk)}
    return base, text, anchors, makes, progs, examples, paths_of(code, base)


def main():
    targets = {}
    for doc in [d for pair in TWINS for d in pair]:
        if not os.path.exists(os.path.join(ROOT, doc)):
            check(False, f"{doc}: missing")
            continue
        base, text, anchors, makes, progs, examples, paths = facts(doc)
        for directory, target in makes:
            mdir = os.path.normpath(os.path.join(base, directory or "."))
            if mdir not in targets:
                targets[mdir] = make_targets(os.path.join(ROOT, mdir))
            check(target in targets[mdir], f"{doc}: `make {target}`: no such target in {mdir}/Makefile")
        for p in sorted(progs):
            check(os.access(os.path.join(ROOT, "c-examples", "bin", p), os.X_OK), f"{doc}: bin/{p}: no such built program")
        for e in sorted(examples):
            check(os.path.exists(os.path.join(ROOT, "examples", e + ".rs")), f"{doc}: cargo example {e}: no examples/{e}.rs")
        for p in sorted(paths):
            check(exists(base, p), f"{doc}: path {p} does not exist")
        check(len(anchors) == len(set(anchors)), f"{doc}: duplicate section anchors")
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        head = "".join(f.readlines()[:8])
    check("(README.ko.md)" in head, "README.md: no link to README.ko.md at the top")
    for en, ko in TWINS:
        if not (os.path.exists(os.path.join(ROOT, en)) and os.path.exists(os.path.join(ROOT, ko))):
            continue
        fe, fk = facts(en), facts(ko)
        check(fe[2] == fk[2], f"{en} / {ko}: section anchors differ: {diff(fe[2], fk[2])}")
        check(len(fe[2]) > 0, f"{en}: no section anchors")
        for i, what in ((3, "make commands"), (4, "programs"), (5, "cargo examples"), (6, "paths")):
            a, b = set(fe[i]), set(fk[i])
            check(a == b, f"{en} / {ko}: {what} differ: only in {en}: {sorted(a - b)}; only in {ko}: {sorted(b - a)}")
    print(f"docs: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def diff(a, b):
    if len(a) != len(b):
        return f"{len(a)} vs {len(b)}: only in one: {sorted(set(a) ^ set(b))}"
    return ", ".join(f"{x} != {y}" for x, y in zip(a, b) if x != y)


if __name__ == "__main__":
    sys.exit(main())
