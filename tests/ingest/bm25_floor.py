#!/usr/bin/env python3
"""A plain BM25 passage retriever over a statement's paragraphs: the floor `communique ingest`
must beat. Speaks the batch protocol (one question per stdin line, one JSON reply per line), so
the grader runs it like the product:

    grade.py QUESTIONS.jsonl -- python3 tests/ingest/bm25_floor.py SOURCE.txt

Paragraphs are blank-line separated (as `communique check` counts them), markdown marks removed,
`# key: value` header lines and paragraphs without words skipped. The reply is the best paragraph
(cut to 780 characters, the grader's limit is 800); "fact" is null only when no content word of
the question occurs in the statement (BM25 score 0) or the score is below --min-score (default 0:
a plain retriever always answers when anything matches). Not part of the product.
"""
import json
import math
import re
import sys

STOP = set("""a an the and or of to in on at for by with from as is are was were be been being do does
did what which who whom whose when where why how this that these those it its they them their he
she his her we our us you your i me my can could will would should shall may might must has have
had not no yes about into over under between than then so if but also any some all both each
there here tell say said says please give me much many""".split())


def tokens(text):
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [stem(w) for w in words if w not in STOP]


def stem(word):
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def paragraphs(source):
    out, current = [], []
    for line in source.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    texts = []
    for lines in out:
        lines = [l for l in lines if not re.match(r"#\s*(source|date|title|url)\s*:", l.strip())]
        text = " ".join(l.strip() for l in lines)
        text = re.sub(r"<!--.*?-->|</?u>|\*\*|__|\\", "", text)
        text = re.sub(r"\s+", " ", text).strip()
        if re.search(r"[A-Za-z]{2}", text):
            texts.append(text)
    return texts


class BM25:
    def __init__(self, docs, k1=1.2, b=0.75):
        self.docs = [tokens(d) for d in docs]
        self.k1, self.b = k1, b
        self.avg = sum(len(d) for d in self.docs) / max(1, len(self.docs))
        self.df = {}
        for d in self.docs:
            for t in set(d):
                self.df[t] = self.df.get(t, 0) + 1
        self.n = len(self.docs)

    def score(self, query, i):
        doc = self.docs[i]
        s = 0.0
        for t in set(query):
            f = doc.count(t)
            if not f:
                continue
            idf = math.log(1 + (self.n - self.df[t] + 0.5) / (self.df[t] + 0.5))
            s += idf * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * len(doc) / self.avg))
        return s


def main(argv):
    min_score = 0.0
    if "--min-score" in argv:
        min_score = float(argv[argv.index("--min-score") + 1])
    source = open(argv[1], encoding="utf-8").read()
    docs = paragraphs(source)
    bm25 = BM25(docs)
    for line in sys.stdin:
        query = tokens(line)
        scores = [bm25.score(query, i) for i in range(len(docs))]
        best = max(range(len(docs)), key=lambda i: scores[i]) if docs else None
        if best is None or scores[best] <= min_score:
            reply = {"answer": "The statement doesn't say.", "fact": None, "score": 0.0}
        else:
            reply = {"answer": docs[best][:780], "fact": f"p{best + 1}", "score": round(scores[best], 3)}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv)
