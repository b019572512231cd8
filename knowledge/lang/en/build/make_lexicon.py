#!/usr/bin/env python3
"""Generates knowledge/lang/en/lexicon.tsv, the general English lexicon, from WordNet 3.0.

Usage (from the repository root, after `apt-get install -y wordnet-base`):

    python3 knowledge/lang/en/build/make_lexicon.py [--wordnet /usr/share/wordnet] \
        [--out knowledge/lang/en/lexicon.tsv]
    python3 knowledge/lang/en/build/make_lexicon.py --check   # class() against class-check.csv

Inputs: WordNet 3.0 (Debian `wordnet-base`: data.*, index.*, *.exc, cntlist.rev), the NLTK and
Stopwords ISO English stop-word lists as shipped by the `stop-words` crate 0.9.0 (copied here as
stopwords-nltk.csv and stopwords-iso.csv), chat-slang.csv (hand-written) and this script's own
anchor synsets (below). The output is deterministic: the same inputs give the same bytes.
See README.md beside this file for the format, the licences and the quality check.
"""

import argparse
import csv
import math
import os
import re
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

# WordNet's lexicographer files (lexnames), by number.
LEXNAMES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute "
    "noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group "
    "noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant "
    "noun.possession noun.process noun.quantity noun.relation noun.shape noun.state "
    "noun.substance noun.time verb.body verb.change verb.cognition verb.communication "
    "verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion "
    "verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl"
).split()

# --- Chatter: the parts of WordNet that name a questioner's own life, not a statement's topic ---
# Each anchor is (lemma, pos, sense number); it and every synset below it (hyponyms, transitively)
# is chatter. Chosen by hand, but WordNet supplies the members (mum, stepsister, girlfriend, ...).
CHATTER_ANCHORS = [
    # kinship, family and close relations
    ("relative", "n", 1), ("spouse", "n", 1), ("lover", "n", 1), ("friend", "n", 1),
    ("girlfriend", "n", 1), ("girlfriend", "n", 2), ("boyfriend", "n", 1),
    ("acquaintance", "n", 2), ("schoolmate", "n", 1), ("colleague", "n", 1),
    ("colleague", "n", 2), ("roommate", "n", 1), ("neighbor", "n", 1),
    # school and work life
    ("educator", "n", 1), ("student", "n", 1), ("examination", "n", 2), ("school_assignment", "n", 1),
    ("dissertation", "n", 1), ("essay", "n", 1), ("academic_degree", "n", 1), ("class", "n", 2),
    ("course", "n", 1), ("seminar", "n", 1), ("lecture", "n", 1), ("boss", "n", 1),
    ("supervisor", "n", 1), ("homework", "n", 1),
    # conversational acts
    ("question", "n", 1), ("question", "n", 2), ("greeting", "n", 1), ("farewell", "n", 1),
    ("thanks", "n", 1), ("apology", "n", 1), ("curiosity", "n", 1),
]
# Heads of adjective clusters that judge or feel rather than describe a topic ("dumb" and "silly"
# sit in the clusters of "stupid" and "foolish"); the head and its satellites are chatter.
ATTITUDE_ADJECTIVES = [
    ("stupid", "a", 1), ("foolish", "a", 1), ("strange", "a", 1), ("interesting", "a", 1),
    ("uninteresting", "a", 1), ("regretful", "a", 1), ("troubled", "a", 1), ("agitated", "a", 1),
    ("happy", "a", 1), ("sad", "a", 1), ("afraid", "a", 1), ("angry", "a", 1),
    ("grateful", "a", 1), ("bored", "a", 1), ("perplexed", "a", 1),
]
# Nouns of these files are abstract: in common use they name no topic of their own.
ABSTRACT_LEXFILES = {"noun.attribute", "noun.cognition", "noun.communication", "noun.quantity",
                     "noun.relation", "noun.time", "noun.motive", "noun.shape"}
# Lexicographer files whose words (in their most frequent sense) are feelings and attitudes.
CHATTER_LEXFILES = {"noun.feeling", "verb.emotion"}

# --- Negative events: verbs (and their nominalisations) that report that something did not
# happen or was undone. Anchors as above; WordNet's hyponyms and derivations fill the class.
NEGATIVE_ANCHORS = [
    ("reject", "v", 1), ("reject", "v", 2), ("refuse", "v", 1), ("refuse", "v", 2),
    ("cancel", "v", 1), ("abandon", "v", 1), ("abandon", "v", 2), ("suspend", "v", 1),
    ("suspend", "v", 2), ("withdraw", "v", 1), ("withdraw", "v", 2), ("collapse", "v", 1),
    ("fail", "v", 1), ("fail", "v", 2), ("deny", "v", 1), ("deny", "v", 2), ("oppose", "v", 1),
    ("veto", "v", 1), ("boycott", "v", 1), ("postpone", "v", 1), ("halt", "v", 1),
    ("revoke", "v", 1), ("breach", "v", 1), ("violate", "v", 1),
    ("renege", "v", 1), ("quit", "v", 1), ("disagree", "v", 1), ("block", "v", 1),
    ("stall", "v", 1), ("scrap", "v", 1), ("delay", "v", 1),
]

# Relation codes in the output, and which WordNet pointers give them.
NOUN_VERB_POINTERS = {
    "@": "h", "@i": "i", "+": "d", "#p": "w", "#m": "b", "~": "o", "$": "g", "*": "e",
}
ADJ_ADV_POINTERS = {"&": "m", "\\": "p", "+": "d", "=": "t", "^": "a"}

# How many senses of a word contribute relations: the first always, later ones while their share of
# the word's tagged uses is at least MIN_SHARE (WordNet orders senses by frequency).
MAX_SENSES = 3
MIN_SHARE = 0.2
# Most related lemmas kept per relation code and per word.
MAX_PER_CODE = {"s": 6, "h": 4, "i": 2, "d": 3, "w": 3, "b": 2, "o": 3, "g": 2, "e": 2,
                "m": 4, "p": 2, "t": 2, "a": 2}
# Most related lemmas kept per word, closest first (senses in order, synonyms before the rest).
MAX_RELATIONS = 11
# ... and for a word never tagged in the corpus (rare: its first sense says enough).
MAX_RELATIONS_UNTAGGED = 3
# Most lemmas taken from one related synset (its first, most usual, names).
MAX_FROM_SYNSET = 2
# Hyponyms are kept only when they are themselves in common use (tagged at least this often).
MIN_HYPONYM_TAGS = 3
# Untagged two-word nouns of these files are kept (a question may name them as a phrase).
KEEP_UNTAGGED_PHRASES = {"noun.act", "noun.substance", "noun.group", "noun.possession",
                         "noun.event", "noun.phenomenon"}
# Untagged instance nouns of these files are kept: places and organisations carry statements.
KEEP_INSTANCES = {"noun.location", "noun.group"}


def fold(text):
    """The engine's folding (crates/core/src/text.rs) for ASCII WordNet lemmas: lowercase, every character that
    is not a letter or digit a single space."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


class WordNet:
    def __init__(self, root):
        self.root = root
        self.synsets = {}  # (pos, offset) -> dict(lex, words, ptrs)
        self.index = {}  # (lemma, pos) -> [synset keys] in sense order
        self.counts = {}  # (lemma, synset key) -> tag count
        self.exceptions = defaultdict(list)  # (form, pos) -> [base]
        for pos, name in POS_FILES.items():
            self._read_data(pos, os.path.join(root, "data." + name))
            self._read_index(pos, os.path.join(root, "index." + name))
            self._read_exc(pos, os.path.join(root, name + ".exc"))
        self._read_counts(os.path.join(root, "cntlist.rev"))

    def _read_data(self, pos, path):
        with open(path, encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                head = line.split("|", 1)[0].split()
                offset, lex, ss_type = head[0], int(head[1]), head[2]
                n = int(head[3], 16)
                words = []
                for i in range(n):
                    w = head[4 + 2 * i]
                    w = re.sub(r"\((a|p|ip)\)$", "", w)
                    words.append((w, int(head[5 + 2 * i], 16)))
                at = 4 + 2 * n
                p_cnt = int(head[at])
                ptrs = []
                for i in range(p_cnt):
                    sym, off, tpos, st = head[at + 1 + 4 * i: at + 5 + 4 * i]
                    tpos = "a" if tpos == "s" else tpos
                    ptrs.append((sym, (tpos, off), int(st[:2], 16), int(st[2:], 16)))
                self.synsets[(pos, offset)] = {
                    "lex": LEXNAMES[lex], "words": words, "ptrs": ptrs, "sat": ss_type == "s",
                }

    def _read_index(self, pos, path):
        with open(path, encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split()
                lemma, n, p_cnt = parts[0], int(parts[2]), int(parts[3])
                offsets = parts[6 + p_cnt: 6 + p_cnt + n]
                self.index[(lemma, pos)] = [(pos, o) for o in offsets]

    def _read_exc(self, pos, path):
        with open(path, encoding="latin-1") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    for base in parts[1:]:
                        if base not in self.exceptions[(parts[0], pos)]:
                            self.exceptions[(parts[0], pos)].append(base)

    def _read_counts(self, path):
        ss_pos = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
        with open(path, encoding="latin-1") as f:
            for line in f:
                key, _sense, count = line.split()
                lemma, rest = key.split("%", 1)
                fields = rest.split(":")
                pos, lex, lex_id = ss_pos[fields[0]], LEXNAMES[int(fields[1])], int(fields[2])
                for syn in self.index.get((lemma, pos), []):
                    s = self.synsets[syn]
                    if s["lex"] == lex and any(
                        w.lower() == lemma and i == lex_id for w, i in s["words"]
                    ):
                        self.counts[(lemma, syn)] = int(count)
                        break

    def synset(self, lemma, pos, sense):
        senses = self.index.get((lemma, pos), [])
        return senses[sense - 1] if 0 < sense <= len(senses) else None

    def lemmas(self, syn):
        return [w for w, _ in self.synsets[syn]["words"]]

    def tags(self, lemma, syn):
        return self.counts.get((lemma, syn), 0)

    def below(self, roots, symbols=("~", "~i")):
        """Every synset reachable from `roots` through `symbols` pointers (roots included)."""
        seen, stack = set(), [r for r in roots if r]
        while stack:
            syn = stack.pop()
            if syn in seen:
                continue
            seen.add(syn)
            stack.extend(t for sym, t, _, _ in self.synsets[syn]["ptrs"] if sym in symbols)
        return seen


def load_list(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for row in csv.reader(f):
            if row and not row[0].startswith("#"):
                out.append([c.strip() for c in row])
    return out


def depth(wn, syn, memo):
    """Length of the shortest hypernym path from `syn` to a root (noun and verb synsets)."""
    if syn in memo:
        return memo[syn]
    memo[syn] = 0  # cycles (none in WordNet 3.0) stop here
    ups = [t for sym, t, _, _ in wn.synsets[syn]["ptrs"] if sym in ("@", "@i")]
    memo[syn] = 1 + min(depth(wn, u, memo) for u in ups) if ups else 0
    return memo[syn]


def build(wn, stop_nltk, stop_iso, slang):
    # ----- per-lemma senses, in WordNet's frequency order, with tag counts -----
    entries = defaultdict(lambda: {"pos": set(), "senses": []})
    for (lemma, pos), syns in sorted(wn.index.items()):
        key = fold(lemma)
        if not key:
            continue
        e = entries[key]
        e["pos"].add(pos)
        for rank, syn in enumerate(syns, 1):
            e["senses"].append((pos, rank, syn, wn.tags(lemma, syn), lemma))

    def total_tags(e):
        return sum(s[3] for s in e["senses"])

    def top_senses(e):
        """The senses that speak for a word: per part of speech the first, then later ones while
        frequent enough; the parts of speech ordered by their tagged uses."""
        by_pos = defaultdict(list)
        for s in e["senses"]:
            by_pos[s[0]].append(s)
        pos_tags = {p: sum(s[3] for s in ss) for p, ss in by_pos.items()}
        out = []
        for p in sorted(by_pos, key=lambda p: (-pos_tags[p], "nvar".index(p))):
            ss = by_pos[p]
            total = max(pos_tags[p], 1)
            for s in ss[:MAX_SENSES]:
                if s[1] == 1 or s[3] / total >= MIN_SHARE:
                    out.append(s)
        return out, pos_tags

    def main_sense(e):
        top, pos_tags = top_senses(e)
        return top[0] if top else None

    # ----- chatter and negative-event synsets -----
    def anchor_set(anchors):
        roots = []
        for lemma, pos, sense in anchors:
            syn = wn.synset(lemma, pos, sense)
            if syn is None:
                raise SystemExit(f"anchor {lemma}.{pos}.{sense} is not in this WordNet")
            roots.append(syn)
        return roots

    chatter_syns = wn.below(anchor_set(CHATTER_ANCHORS))
    # an attitude adjective's cluster: the head and its satellites ("similar to")
    for head in anchor_set(ATTITUDE_ADJECTIVES):
        chatter_syns.add(head)
        chatter_syns.update(t for sym, t, _, _ in wn.synsets[head]["ptrs"] if sym == "&")
    negative_syns = wn.below(anchor_set(NEGATIVE_ANCHORS))

    # ----- frequency statistics for the specificity weight -----
    tag_totals = {k: total_tags(e) for k, e in entries.items()}
    max_log = math.log1p(max(tag_totals.values()))
    memo = {}

    def known_to_wordnet(word):
        """Whether WordNet has `word`, as a lemma or through morphy (exceptions and suffixes)."""
        if word in entries:
            return True
        if any(fold(f) == word for (f, _p) in wn.exceptions):
            return True
        for pos, rules in MORPHY_RULES.items():
            for suffix, ending in rules:
                if word.endswith(suffix) and len(word) > len(suffix):
                    base = word[: len(word) - len(suffix)] + ending
                    if base in entries and pos in entries[base]["pos"]:
                        return True
        return False

    stop_nltk_set = {fold(w) for w in stop_nltk}
    function_words = set()
    for w in stop_nltk_set:
        for part in w.split():
            function_words.add(part)
    # Stopwords ISO adds grammatical words NLTK lacks (would, upon, whose); only those WordNet does
    # not know as a noun, verb or adjective, since the ISO list also holds content words.
    for w in stop_iso:
        k = fold(w)
        if not k or " " in k or len(k) < 3 or k.isdigit():
            continue
        if not known_to_wordnet(k):
            function_words.add(k)

    slang_class = {}
    slang_base = {}
    for row in slang:
        word, cls = fold(row[0]), row[1]
        slang_class[word] = cls
        if len(row) > 2 and row[2]:
            slang_base[word] = fold(row[2])

    def classify(key, e):
        """(class, weight) of a WordNet word, from its frequent senses."""
        tags = tag_totals.get(key, 0)
        top, pos_tags = top_senses(e)
        main = top[0]
        freq = math.log1p(tags) / max_log  # 0 (never tagged) .. 1 (most frequent word)
        spec = 1.0 - freq
        if main[0] in "nv":
            d = depth(wn, main[2], memo)
            spec = 0.7 * spec + 0.3 * min(d, 12) / 12
        weight = round(max(0.05, min(1.0, spec)), 2)
        if is_chatter(e, top, tags):
            return "ch", 0.0
        # The class of the main part of speech; but a word with a concrete noun reading in real use
        # ("export", "steel", "cruise") carries a topic even when its verb is more frequent.
        general = pos_general(e, main[0], top, freq)
        noun_tags = pos_tags.get("n", 0)
        if general and main[0] != "n" and "n" in pos_tags and noun_tags * 5 >= max(tags, 1):
            general = pos_general(e, "n", top, freq)
        return ("ge" if general else "co"), weight

    def pos_general(e, pos, top, freq):
        """Whether the word, read as `pos`, is a general (topic-less) word."""
        senses = [s for s in e["senses"] if s[0] == pos]
        first = wn.synsets[senses[0][2]]
        lex = first["lex"]
        if pos == "n":
            # Abstract nouns in common use (ways, parts, plans, news) name no topic of their own;
            # concrete ones (oil, police, France) do, however frequent.
            return (
                lex == "noun.Tops"
                or freq >= 0.55
                or len(senses) >= 13
                or (lex in ABSTRACT_LEXFILES and freq >= 0.15 and len(senses) >= 3)
            )
        if pos == "v":
            # Verbs in common use (ask, come, happen, help) carry no topic; rare ones (smuggle,
            # vaccinate) do.
            return freq >= 0.15 or len(senses) >= 4
        if pos == "a":
            # Descriptive adjectives (big, new, important) are general; relational ones (nuclear,
            # Korean, electric: pertainyms) carry a topic.
            return not any(
                s[0] == "a"
                and (
                    wn.synsets[s[2]]["lex"] == "adj.pert"
                    or any(p[0] == "\\" for p in wn.synsets[s[2]]["ptrs"])
                )
                for s in top
            )
        return True

    def is_chatter(e, top, tags):
        """Whether the word's frequent senses (or, for a rarely tagged word, its first two senses
        of any part of speech) are chatter: under a chatter anchor, in a feeling or emotion file,
        an adjective in the cluster of an attitude adjective, or derived from such a word."""
        senses = [s for s in top if s[0] == top[0][0]]
        if tags <= 1:
            senses += [s for s in e["senses"] if s[1] <= 2 and s not in senses]
        for s in senses:
            syn = s[2]
            info = wn.synsets[syn]
            if syn in chatter_syns or info["lex"] in CHATTER_LEXFILES:
                return True
            if s[0] in "ar":
                for sym, t, _, _ in info["ptrs"]:
                    if sym in ("+", "=", "<", "\\") and (
                        t in chatter_syns or wn.synsets[t]["lex"] in CHATTER_LEXFILES
                    ):
                        return True
        return False

    # ----- keep which words -----
    def kept(key, e):
        """Every word the corpus tagged; of the others (rare words, which lookups treat as content
        anyway) only places and organisations, relational adjectives (Malaysian -> Malaysia) and
        chatter."""
        if tag_totals.get(key, 0) > 0:
            return True
        main = main_sense(e)
        info = wn.synsets[main[2]]
        is_instance = any(sym == "@i" for sym, _, _, _ in info["ptrs"])
        if is_instance:
            return info["lex"] in KEEP_INSTANCES
        if " " in key:
            # phrasal verbs ("kick off", "call off") and two-word terms of policy-like fields
            # ("greenhouse gas", "free trade")
            return main[0] == "v" or (
                key.count(" ") == 1 and info["lex"] in KEEP_UNTAGGED_PHRASES
            )
        relational = any(wn.synsets[s[2]]["lex"] == "adj.pert" for s in e["senses"])
        return relational or is_chatter(e, top_senses(e)[0], 0)

    # ----- relations -----
    def relations(key, e):
        top, _ = top_senses(e)
        place = wn.synsets[top[0][2]]["lex"] == "noun.location"
        limit = MAX_RELATIONS if tag_totals.get(key, 0) > 0 else (5 if place else MAX_RELATIONS_UNTAGGED)
        rels = []  # (code, rank, lemma)
        for rank, (pos, _r, syn, _t, lemma) in enumerate(top, 1):
            info = wn.synsets[syn]
            for w in wn.lemmas(syn):
                rels.append(("s", rank, w))
            table = ADJ_ADV_POINTERS if pos in "ar" else NOUN_VERB_POINTERS
            hyponyms = []
            for sym, t, src, tgt in info["ptrs"]:
                code = table.get(sym)
                if code is None:
                    continue
                lexical = src != 0
                if lexical:
                    # a pointer between words: only from this word, to that one word
                    if info["words"][src - 1][0].lower() != lemma.lower():
                        continue
                    targets = [wn.synsets[t]["words"][tgt - 1][0]]
                else:
                    targets = wn.lemmas(t)
                if code == "o":
                    # hyponyms of the first sense in common use, most used first (below)
                    if rank == 1:
                        hyponyms += [(-wn.tags(w.lower(), t), w) for w in targets[:1]
                                     if wn.tags(w.lower(), t) >= MIN_HYPONYM_TAGS]
                    continue
                targets = targets[:MAX_FROM_SYNSET]
                for w in targets:
                    rels.append((code, rank, w))
                if code == "w" and info["lex"] == "noun.location":
                    # a place is also part of what its region is part of (Kuala Lumpur, West
                    # Malaysia, Malaysia), two levels up
                    for sym2, t2, _, _ in wn.synsets[t]["ptrs"]:
                        if sym2 == "#p":
                            for up in wn.lemmas(t2)[:MAX_FROM_SYNSET]:
                                rels.append(("w", rank + 1, up))
            rels += [("o", rank, w) for _, w in sorted(hyponyms)]
        out, seen, per_code = [], {key}, defaultdict(int)
        rels.sort(key=lambda r: r[1])  # by sense, stable within a sense
        for code, rank, w in rels:
            k = fold(w)
            if not k or k in seen or per_code[code] >= MAX_PER_CODE[code]:
                continue
            if len(out) >= limit:
                break
            seen.add(k)
            per_code[code] += 1
            out.append(f"{code}{min(rank, 9)}:{k}")
        return out

    def antonyms(e):
        top, _ = top_senses(e)
        out = []
        for pos, _r, syn, _t, lemma in top:
            info = wn.synsets[syn]
            for sym, t, src, tgt in info["ptrs"]:
                if sym != "!":
                    continue
                if src and info["words"][src - 1][0].lower() != lemma.lower():
                    continue
                w = fold(wn.synsets[t]["words"][tgt - 1][0])
                if w not in out:
                    out.append(w)
            if pos == "a" and info["sat"]:
                # a satellite adjective's antonyms are those of its head ("indirect antonyms")
                for sym, t, _, _ in info["ptrs"]:
                    if sym == "&":
                        for sym2, t2, src2, tgt2 in wn.synsets[t]["ptrs"]:
                            if sym2 == "!":
                                w = fold(wn.synsets[t2]["words"][tgt2 - 1][0])
                                if w not in out:
                                    out.append(w)
        return out[:4]

    def negative(e):
        top, _ = top_senses(e)
        main = top[0]
        if main[0] == "v":
            return main[2] in negative_syns
        if main[0] == "n":
            # a nominalisation of a negative verb ("rejection", "cancellation", "collapse")
            for sym, t, src, tgt in wn.synsets[main[2]]["ptrs"]:
                if sym == "+" and t[0] == "v" and t in negative_syns:
                    return True
        return False

    lines = {}
    for key in sorted(entries):
        e = entries[key]
        if not kept(key, e):
            continue
        cls, weight = classify(key, e)
        lines[key] = {
            "pos": "".join(p for p in "nvar" if p in e["pos"]),
            "class": cls,
            "weight": weight,
            "flags": "n" if negative(e) else "",
            "base": [],
            "rels": relations(key, e),
            "ant": antonyms(e),
        }

    def line_for(key):
        if key not in lines:
            lines[key] = {"pos": "", "class": "co", "weight": 1.0, "flags": "", "base": [],
                          "rels": [], "ant": []}
        return lines[key]

    # morphy's exception lists: irregular forms whose base is kept
    for (form, pos), bases in sorted(wn.exceptions.items()):
        k = fold(form)
        bs = [fold(b) for b in bases if fold(b) in lines]
        if not k or not bs:
            continue
        line = line_for(k)
        for b in bs:
            tag = f"{pos}:{b}"
            if tag not in line["base"]:
                line["base"].append(tag)
        if not line["pos"]:
            # an inflected form takes its base's class and weight
            base = lines[bs[0]]
            line["class"], line["weight"] = base["class"], base["weight"]
    for k in sorted(function_words):
        line = line_for(k)
        line["class"], line["weight"] = "fn", 0.0
    for k, cls in sorted(slang_class.items()):
        line = line_for(k)
        line["class"], line["weight"] = cls, (0.0 if cls in ("ch", "fn") else 0.2)
        if k in slang_base and f"x:{slang_base[k]}" not in line["base"]:
            line["base"].insert(0, f"x:{slang_base[k]}")
    return lines


def render(lines):
    out = []
    for key in sorted(lines):
        ln = lines[key]
        fields = [
            key,
            ln["pos"] or "-",
            ln["class"],
            f"{int(round(ln['weight'] * 100)):d}",
            ln["flags"] or "-",
            ",".join(ln["base"]) or "-",
            ",".join(ln["rels"]) or "-",
            ",".join(ln["ant"]) or "-",
        ]
        out.append("\t".join(fields))
    header = (
        "# communique English lexicon, generated by knowledge/lang/en/build/make_lexicon.py from\n"
        "# WordNet 3.0 (c) 2006 Princeton University (licence: build/WORDNET-LICENSE) and the NLTK and\n"
        "# Stopwords ISO stop-word lists. Do not edit: regenerate. Format: build/README.md.\n"
        "# key\tpos\tclass\tweight\tflags\tbase\trelations\tantonyms\n"
    )
    return header + "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--out", default=os.path.join(HERE, "..", "lexicon.tsv"))
    ap.add_argument("--check", action="store_true", help="score class() on class-check.csv")
    args = ap.parse_args()
    wn = WordNet(args.wordnet)
    stop_nltk = [r[0] for r in load_list(os.path.join(HERE, "stopwords-nltk.csv"))]
    stop_iso = [r[0] for r in load_list(os.path.join(HERE, "stopwords-iso.csv"))]
    slang = load_list(os.path.join(HERE, "chat-slang.csv"))
    lines = build(wn, stop_nltk, stop_iso, slang)
    if args.check:
        check(lines)
        return
    text = render(lines)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{len(lines)} entries, {len(text.encode())} bytes -> {os.path.normpath(args.out)}")


def check(lines):
    """Precision and recall of the class a word gets (through its base form, as the Rust lookup
    does) against the hand-labelled class-check.csv."""
    names = {"fn": "function", "ch": "chatter", "ge": "general", "co": "content"}
    for name in ("class-check.csv", "class-holdout.csv"):
        print(f"== {name}")
        rows = load_list(os.path.join(HERE, name))
        got = []
        for word, gold, *_ in rows:
            got.append((word, gold, names[classify_like_rust(lines, word)]))
        report(got)


def lemma_candidates(lines, word):
    """The base forms crates/core/src/lexicon.rs gives `word` (Lexicon::lemmas): the exception list's and the
    slang list's bases, the word itself if it is a lemma, then morphy's suffix rules, each base
    checked to exist in that part of speech."""
    out = []
    ln = lines.get(word)
    if ln:
        out += [b.split(":", 1)[1] for b in ln["base"]]
        if ln["pos"]:
            out.append(word)
    for pos, rules in MORPHY_RULES.items():
        for suffix, ending in rules:
            if word.endswith(suffix) and len(word) > len(suffix):
                base = word[: len(word) - len(suffix)] + ending
                if base in lines and pos in lines[base]["pos"]:
                    out.append(base)
    seen = []
    for b in out:
        if b not in seen and b in lines:
            seen.append(b)
    return seen


def classify_like_rust(lines, word):
    """The class crates/core/src/lexicon.rs gives `word` (Lexicon::class): its own line's if that is a function
    word or chatter; else that of the most general of its base forms (lowest weight, first on a
    tie); content if it has none."""
    ln = lines.get(word)
    if ln and ln["class"] in ("fn", "ch"):
        return ln["class"]
    best = None
    for b in lemma_candidates(lines, word):
        if best is None or lines[b]["weight"] < lines[best]["weight"]:
            best = b
    return lines[best]["class"] if best else "co"


MORPHY_RULES = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
}


def report(got):
    classes = ["function", "chatter", "general", "content"]
    print(f"{'class':10} {'gold':>4} {'got':>4} {'right':>5} {'precision':>9} {'recall':>6}")
    for c in classes:
        gold = sum(1 for _, g, _ in got if g == c)
        pred = sum(1 for _, _, p in got if p == c)
        right = sum(1 for _, g, p in got if g == c and p == c)
        prec = right / pred if pred else 0.0
        rec = right / gold if gold else 0.0
        print(f"{c:10} {gold:4} {pred:4} {right:5} {prec:9.2f} {rec:6.2f}")
    acc = sum(1 for _, g, p in got if g == p) / len(got)
    print(f"accuracy {acc:.2f} over {len(got)} words")
    wrong = [f"{w} ({g}->{p})" for w, g, p in got if g != p]
    print("wrong:", ", ".join(wrong))


if __name__ == "__main__":
    sys.exit(main())
