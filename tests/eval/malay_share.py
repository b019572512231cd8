#!/usr/bin/env python3
"""Share of Malay replies to the Malay in-scope questions of a question set (issue 12).

    python3 tests/eval/malay_share.py QUESTIONS.jsonl [--min 0.90] [--bin target/release/communique]

Asks every in-scope question (`"oos": false`) of QUESTIONS.jsonl that the bot's own detector reads
as Malay through `communique batch --json` (each in a fresh conversation, --lang auto), then counts
a reply as Malay when its `"lang"` is `"ms"` AND `communique detect` reads its text as Malay (so a
reply labelled Malay but written in English, or the reverse, does not count). Prints the share and
every reply that is not Malay; exits 1 below --min. The questions are read at run time: nothing of
the set is copied into the repository.
"""
import json
import subprocess
import sys


def run(binary, args, lines):
    out = subprocess.run([binary, *args], input="".join(l.replace("\n", " ") + "\n" for l in lines),
                         capture_output=True, text=True, check=True).stdout
    return [l for l in out.splitlines() if l.strip()]


def main(argv):
    path = next(a for a in argv[1:] if a.endswith(".jsonl"))
    minimum = float(argv[argv.index("--min") + 1]) if "--min" in argv else 0.90
    binary = argv[argv.index("--bin") + 1] if "--bin" in argv else "target/release/communique"
    cases = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    questions = [c["q"] for c in cases if not c.get("oos")]
    detected = [l.split("\t")[0] for l in run(binary, ["detect"], questions)]
    malay = [q for q, lang in zip(questions, detected) if lang == "ms"]
    replies = [json.loads(l) for l in run(binary, ["batch", "--json"], malay)]
    reply_langs = [l.split("\t")[0] for l in run(binary, ["detect"], [r["answer"] for r in replies])]
    good = 0
    for q, r, text_lang in zip(malay, replies, reply_langs):
        if r.get("lang") == "ms" and text_lang == "ms":
            good += 1
        else:
            print(f"not Malay: {q!r} -> lang {r.get('lang')!r}, text read as {text_lang}: {r['answer'][:120]!r}")
    share = good / len(malay) if malay else 0.0
    print(f"in-scope questions: {len(questions)}; read as Malay: {len(malay)}; "
          f"Malay replies: {good}/{len(malay)} = {share:.3f} (minimum {minimum:.2f})")
    return 0 if share >= minimum else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
