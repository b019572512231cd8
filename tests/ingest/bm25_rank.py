#!/usr/bin/env python3
"""The same plain BM25 passage retriever as `bm25_floor.py` (same paragraphs, same tokens, same
batch protocol and replies), scored by the `rank-bm25` package (`BM25Okapi`) instead of by hand:
the retriever issue 18's speed bar names. Used only by `tests/figures.sh` to time `batch` against
it; needs `pip install rank-bm25`. Not part of the product.

    python3 tests/ingest/bm25_rank.py SOURCE.txt < questions.txt
"""
import json
import sys

from rank_bm25 import BM25Okapi

from bm25_floor import paragraphs, tokens


def main(argv):
    source = open(argv[1], encoding="utf-8").read()
    docs = paragraphs(source)
    bm25 = BM25Okapi([tokens(d) for d in docs])
    for line in sys.stdin:
        query = tokens(line)
        scores = bm25.get_scores(query) if query else [0.0] * len(docs)
        best = max(range(len(docs)), key=lambda i: scores[i]) if docs else None
        if best is None or scores[best] <= 0.0:
            reply = {"answer": "The statement doesn't say.", "fact": None, "score": 0.0}
        else:
            reply = {"answer": docs[best][:780], "fact": f"p{best + 1}",
                     "score": round(float(scores[best]), 3)}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv)
