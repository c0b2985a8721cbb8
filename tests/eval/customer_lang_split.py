"""Deals the customer messages of the four-language bank (tests/data/probes/customer-es-de.jsonl
and customer-fr-pt.jsonl, the lines whose set starts with "bank12-") into a work part and a
held part, by a fixed seed: within each language and set the lines are ordered by the SHA-256
of the seed and the text, and dealt alternately, so each part holds about half of every
signal of every language. Patterns are written from the work part only; `make eval` prints
both, and RAPPORT_EVAL_WORK_ONLY=1 hides the held part. Run again after adding lines: a line
keeps its part unless its set grows around it."""
import hashlib
import json
import pathlib

SEED = "rapport-listen-12"
FILES = ["tests/data/probes/customer-es-de.jsonl", "tests/data/probes/customer-fr-pt.jsonl"]


def key(line):
    return hashlib.sha256((SEED + "\n" + line["text"]).encode()).hexdigest()


def main():
    root = pathlib.Path(__file__).resolve().parents[2]
    for name in FILES:
        path = root / name
        lines = [json.loads(l) for l in path.read_text().splitlines() if l.strip()]
        groups = {}
        for line in lines:
            if line["set"].startswith("bank12-"):
                groups.setdefault((line["lang"], line["set"]), []).append(line)
        for group in groups.values():
            for i, line in enumerate(sorted(group, key=key)):
                line["half"] = "work" if i % 2 == 0 else "held"
        path.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines))


if __name__ == "__main__":
    main()
