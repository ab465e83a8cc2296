#!/usr/bin/env python3
"""Every folder of the repository has a README.md that names each of its files.

Usage: check_readmes.py [source root] [--pending FOLDER ...]

Folders checked: every top-level folder holding a file git tracks or would add (`git ls-files
--cached --others --exclude-standard`; without
git, every file found), so a new room (print/, server/http/ ...) is checked from its first commit.
A file is named when its folder's README.md (the nearest README.md above it) contains
  - its path relative to that folder (`tile_engine.cpp`, `src/viewer.js`) or to the repository
    (`deploy/nginx.conf`), or
  - the same with the extension as `*` (`tile_engine.*` names tile_engine.cpp and tile_engine.h), or
  - one of the folders between, in backticks (`corpus/`, `fuzz/corpus/`): the folder is described
    as a whole and not looked into (a README.md inside it is not read either).
A deeper folder with a README.md of its own (server/http/) answers for its files instead.
A name counts only as a whole word: `store.h` is not named by `postgis_store.h`.
Not asked for: README.md itself, .gitignore, package-lock.json (written by npm with package.json).

Stale entries: in a README table whose header's first cell is `file`, every `name` in backticks
in a row's first cell must exist (as a file, a `stem.*` or a folder `name/`).

Prints one line per gap, e.g.
  server/README.md: does not name server/api/tile_path.cpp (add a row to its table of files)
  print/: no README.md (what the folder holds, a table of its files, what it may include)
and exits 1 if there is any. --pending FOLDER prints that folder's gaps as "pending" without
failing (a README owned by someone else for now); the list is given in tests/readmes.cmake.
"""
import os
import re
import subprocess
import sys

NOT_ASKED = {"README.md", ".gitignore", "package-lock.json"}
NAME_CHARS = r"A-Za-z0-9_.\-"


def tracked_files(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], check=True,
                             capture_output=True).stdout.decode()
        files = [f for f in out.split("\0") if f]
        if files:
            return [f for f in files if os.path.exists(os.path.join(root, f))]
    except (OSError, subprocess.CalledProcessError):
        pass
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        found += [os.path.relpath(os.path.join(folder, n), root) for n in names]
    return found


def names(text, token):
    """True when the README text holds the token as a whole word."""
    pattern = r"(?<![%s/])%s(?![A-Za-z0-9_])" % (NAME_CHARS, re.escape(token))
    if token.startswith("`"):
        pattern = re.escape(token)
    return re.search(pattern, text) is not None


def is_named(text, rel):
    stem, dot, _ = rel.rpartition(".")
    if names(text, rel) or (dot and "/" not in rel[len(stem):] and names(text, stem + ".*")):
        return True
    parts = rel.split("/")[:-1]
    return any(names(text, "`" + "/".join(parts[i:j + 1]) + "/`")
               for i in range(len(parts)) for j in range(i, len(parts)))


def stale_entries(readme_folder, text, files):
    """Backticked names in the first cell of a `| file |` table that match nothing."""
    present = set(files)
    folders = {os.path.dirname(f) for f in files}
    folders |= {p for f in folders for p in [f[:i] for i, c in enumerate(f) if c == "/"]}
    gaps, in_table = [], False
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") else None
        if cells is None:
            in_table = False
            continue
        if not in_table:
            in_table = cells[0].lower() == "file"
            continue
        for token in re.findall(r"`([^`]+)`", cells[0]):
            if not re.fullmatch(r"[%s/]+(\.\*|\.[A-Za-z0-9]+|/)" % NAME_CHARS, token):
                continue
            path = os.path.normpath(os.path.join(readme_folder, token.rstrip("*").rstrip("/")))
            if token.endswith("/"):
                ok = path in folders
            elif token.endswith(".*"):
                ok = any(f.startswith(path) and "/" not in f[len(path):] for f in present)
            else:
                ok = path in present
            if not ok:
                gaps.append(token)
    return gaps


def main(argv):
    pending = set()
    args = []
    it = iter(argv)
    for a in it:
        if a == "--pending":
            pending.add(next(it).strip("/"))
        else:
            args.append(a)
    root = os.path.abspath(args[0] if args else os.path.join(os.path.dirname(__file__), ".."))
    files = tracked_files(root)
    top = sorted({f.split("/")[0] for f in files if "/" in f})
    readme_dirs = {os.path.dirname(f) for f in files if os.path.basename(f) == "README.md"}

    problems = {folder: [] for folder in top}
    for folder in top:
        if folder not in readme_dirs:
            problems[folder].append(f"{folder}/: no README.md (what the folder holds, a table of its files, "
                                    "what it may include)")
    texts = {}

    def text_of(home):
        if home not in texts:
            with open(os.path.join(root, home, "README.md"), encoding="utf-8") as r:
                texts[home] = r.read()
        return texts[home]

    for f in sorted(files):
        if "/" not in f or os.path.basename(f) in NOT_ASKED:
            continue
        parts = f.split("/")
        if parts[0] not in readme_dirs:
            continue  # reported once above
        home, covered = parts[0], False
        for depth in range(2, len(parts)):
            folder = "/".join(parts[:depth])
            if names(text_of(home), "`" + os.path.relpath(folder, home) + "/`"):
                covered = True  # described as a whole: not looked into
                break
            if folder in readme_dirs:
                home = folder
        if not covered and not is_named(text_of(home), os.path.relpath(f, home)) and not names(text_of(home), f):
            problems[parts[0]].append(
                f"{home}/README.md: does not name {f} (add a row to its table of files)")
    for home, text in sorted(texts.items()):
        inside = [os.path.relpath(f, home) for f in files if f.startswith(home + "/")]
        for token in stale_entries(home, text, [os.path.join(home, i) for i in inside]):
            problems[home.split("/")[0]].append(
                f"{home}/README.md: names `{token}`, which is not in {home}/ (remove or correct the row)")

    failed = 0
    for folder in top:
        for line in problems[folder]:
            if folder in pending:
                print("pending: " + line)
            else:
                print(line)
                failed += 1
    if failed:
        print(f"{failed} gap(s) between the folders and their README.md files")
        return 1
    print(f"every folder's README.md names its files: {', '.join(top)}"
          + (f" (pending: {', '.join(sorted(pending))})" if pending else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
