#!/usr/bin/env python3
"""Regenerates da_words.txt, the Danish word list the compound splitter uses.

Usage: python3 src/index/da_words.py /usr/share/hunspell/da_DK.dic > src/index/da_words.txt

Input: the Danish hunspell dictionary (Debian package hunspell-da, made by
Stavekontrolden.dk). Output: its lower-case entries of 3 to 24 letters that are not
themselves compounds of other entries, one per line, sorted. Dropping the compounds
keeps the list small: the splitter rebuilds "dagpenge" from "dag" and "penge", and
"sygedagpengemodtagere" from those and "syge" and "modtager".

The rules below mirror src/index/compound.rs: a compound is a chain of modifiers (an
entry of 3+ letters, optionally followed by a linking s or e) and a final entry. The
particle prefixes in STOP never count as modifiers and the derivational endings in
SUFFIXES never as the last part, so "forsikring" and "virksomhed" stay whole words.
"""
import re
import sys

STOP = set("af an be bi er ge for fra ind med mod ned om op til ud gen mis sam".split())
# Derivational endings that are also words ("hed", "skab"): never the last part, so
# "virksomhed" and "fællesskab" stay whole words.
SUFFIXES = set("hed heder skab skaber dom domme else ning".split())
HEADER = """\
# Danish words for splitting compounds in the search index (see src/index/compound.rs).
# Derived from the Danish hunspell dictionary da_DK.dic, version {version}, by
# Stavekontrolden.dk, (c) 2007-2014 Foreningen for frit tilgaengelige sprogvaerktoejer,
# licensed LGPL-2.1 or GPL-2 or MPL-1.1. This derived list is distributed under the
# Mozilla Public License 1.1 (https://www.mozilla.org/MPL/1.1/).
# Regenerate with src/index/da_words.py: lower-case entries of 3-24 letters that are not
# themselves compounds of other entries.
"""


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/hunspell/da_DK.dic"
    version = sys.argv[2] if len(sys.argv) > 2 else "1:7.5.0-1 (Debian)"
    with open(path, encoding="utf-8") as f:
        next(f)  # the entry count
        entries = {line.rstrip("\n").split("/")[0] for line in f}
    words = sorted(
        (w for w in entries if re.fullmatch(r"[a-zæøå]{3,24}", w)),
        key=lambda w: (len(w), w),
    )
    atoms = set()

    def is_mod(x):
        if len(x) >= 3 and x in atoms and x not in STOP:
            return True
        return len(x) >= 4 and x[-1] in "se" and x[:-1] in atoms and x[:-1] not in STOP

    def is_compound(w):
        n = len(w)
        head = [False] * (n + 1)
        head[0] = True
        for i in range(3, n + 1):
            head[i] = any(head[j] and is_mod(w[j:i]) for j in range(0, i - 2))
        return any(
            head[i] and w[i:] in atoms and w[i:] not in SUFFIXES for i in range(3, n - 2)
        )

    # Shortest first, so every shorter entry is decided before it is used.
    for w in words:
        if not is_compound(w):
            atoms.add(w)
    sys.stdout.write(HEADER.format(version=version))
    for w in sorted(atoms):
        sys.stdout.write(w + "\n")


if __name__ == "__main__":
    main()
