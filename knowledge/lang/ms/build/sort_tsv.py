#!/usr/bin/env python3
"""Sorts a hand-written `key<TAB>value` list (comment lines start with '#') into the shipped TSV:
keys lowercase, single spaces, sorted bytewise, each key once (a second entry is an error, so a
changed meaning is never lost silently).

    python3 sort_tsv.py shorthand.src ../shorthand.tsv "HEADER COMMENT"
"""
import sys

src, out, header = sys.argv[1], sys.argv[2], sys.argv[3]
entries = {}
for n, line in enumerate(open(src, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    key, sep, value = line.partition("\t")
    key = " ".join(key.lower().split())
    value = " ".join(value.split())
    if not sep or not key or not value:
        sys.exit(f"{src}:{n}: expected KEY<TAB>VALUE, got {line!r}")
    if key in entries:
        sys.exit(f"{src}:{n}: {key!r} is already {entries[key]!r}")
    entries[key] = value
with open(out, "w", encoding="utf-8") as f:
    for line in header.split("\\n"):
        f.write(f"# {line}\n")
    for key in sorted(entries, key=lambda k: k.encode()):
        f.write(f"{key}\t{entries[key]}\n")
print(f"{out}: {len(entries)} entries")
