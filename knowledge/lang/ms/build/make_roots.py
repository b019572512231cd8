#!/usr/bin/env python3
"""Writes ../roots.txt, the Malay stemmer's root-word list: Sastrawi's kata-dasar list (MIT,
from the PySastrawi package on PyPI) plus the hand-written Malay additions in malay-roots.list, less the words that list
marks with a leading '-' (derived words Sastrawi lists as roots, which would stop the stemmer
short: pelabur is pe- + labur).
One lowercase ASCII word a line, sorted bytewise, no duplicates.

    python3 make_roots.py            # fetches PySastrawi with pip into a temporary directory
    python3 make_roots.py WHEEL.whl  # or reads a wheel already downloaded
"""
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
VERSION = "1.2.1"
MEMBER = "Sastrawi/Stemmer/data/kata-dasar.txt"


def sastrawi_words(wheel):
    with zipfile.ZipFile(wheel) as z:
        return z.read(MEMBER).decode("utf-8").split()


def main():
    if len(sys.argv) > 1:
        words = sastrawi_words(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp,
                 f"PySastrawi=={VERSION}"],
                check=True,
            )
            words = sastrawi_words(next(pathlib.Path(tmp).glob("*.whl")))
    lines = [
        line.strip()
        for line in (HERE / "malay-roots.list").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    additions = [w for w in lines if not w.startswith("-")]
    removals = {w[1:] for w in lines if w.startswith("-")}
    roots = {w.lower() for w in words + additions if re.fullmatch(r"[a-zA-Z]+", w)} - removals
    out = HERE.parent / "roots.txt"
    out.write_bytes("".join(f"{w}\n" for w in sorted(roots, key=lambda w: w.encode())).encode())
    print(f"{out}: {len(roots)} roots ({len(additions)} Malay additions, {len(removals)} removed)")


if __name__ == "__main__":
    main()
