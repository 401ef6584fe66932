#!/usr/bin/env python3
"""layers.py - the dependency rules of compiler/ (make lint).

Two checks, each printing one line per finding and exiting 1 if any:

1. Folders: every `#include "dir/file.h"` in compiler/ must name a folder
   that compiler/LAYERS allows for the including file's folder (or the
   same folder). An include of a header by a bare name (no folder) is a
   finding too: it would hide which layer it reaches into.
2. Modules: with object files (--objects DIR, the build's object tree),
   the link-time graph "module A uses a symbol that module B defines" must
   have no cycle. This catches what includes miss: a function declared in
   one module's header but defined in another's file, or two modules that
   call each other.

Usage: layers.py [--root DIR] [--objects DIR]
"""
import argparse, os, re, subprocess, sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def read_layers(path):
    allowed = {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if ":" not in line:
            sys.exit(f"{path}:{n}: error: expected 'folder: allowed folders...'")
        folder, deps = line.split(":", 1)
        # "." is compiler/ itself: concord.h, the public header
        allowed[folder.strip()] = {"" if d == "." else d for d in deps.split()}
    for folder, deps in allowed.items():
        for dep in deps:
            if dep and dep not in allowed:
                sys.exit(f"{path}: error: {folder} may include {dep}, which has no line of its own")
    return allowed


def folder_of(rel):
    return os.path.dirname(rel)


def check_includes(root, allowed):
    findings = []
    graph = {}
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            here = folder_of(rel)
            if here not in allowed and here != "":
                findings.append(f"{path}:1:1: error: folder '{here}' has no line in compiler/LAYERS; add one")
                continue
            text = open(path, encoding="utf-8").read()
            for m in INCLUDE.finditer(text):
                inc = m.group(1)
                line = text.count("\n", 0, m.start()) + 1
                target = folder_of(inc)
                if not os.path.exists(os.path.join(root, inc)):
                    findings.append(f"{path}:{line}:1: error: include \"{inc}\" is not a file under "
                                    f"compiler/; write includes from compiler/ (\"base/buf.h\")")
                    continue
                if target == here:
                    continue
                graph.setdefault(here, set()).add(target)
                if here == "":  # compiler/concord.h, the public header: may include anything
                    continue
                if target not in allowed.get(here, set()):
                    findings.append(f"{path}:{line}:1: error: {here}/ may not include {inc} "
                                    f"({target}/ is not below {here}/ in compiler/LAYERS): move the "
                                    f"code to the lower layer or pass what it needs as an argument")
    for cyc in cycles(graph):
        findings.append("compiler: error: folders include each other in a cycle among: " + ", ".join(cyc))
    return findings


def cycles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(set(graph) | {w for ws in graph.values() for w in ws}):
        if v not in index:
            visit(v)
    return out


def check_symbols(objroot):
    defined, used = {}, {}
    for dirpath, _, files in os.walk(objroot):
        for f in sorted(files):
            if not f.endswith(".o"):
                continue
            path = os.path.join(dirpath, f)
            mod = os.path.relpath(path, objroot)[:-2]
            out = subprocess.run(["nm", "-P", path], capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) < 2:
                    continue
                sym, kind = parts[0], parts[1]
                if kind == "U":
                    used.setdefault(mod, set()).add(sym)
                elif kind in "TDBRCV":
                    defined[sym] = mod
    graph = {}
    for mod, syms in used.items():
        for s in syms:
            d = defined.get(s)
            if d and d != mod:
                graph.setdefault(mod, set()).add(d)
    return [f"compiler: error: modules call each other in a cycle among: {', '.join(c)}; "
            f"move the shared part into a lower module or pass a function pointer"
            for c in cycles(graph)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="compiler")
    ap.add_argument("--objects")
    a = ap.parse_args()
    allowed = read_layers(os.path.join(a.root, "LAYERS"))
    findings = check_includes(a.root, allowed)
    if a.objects:
        findings += check_symbols(a.objects)
    for f in findings:
        print(f)
    if findings:
        print(f"layers: {len(findings)} finding(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
