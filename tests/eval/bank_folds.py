#!/usr/bin/env python3
"""Estimates how far the English catalog generalises, inside the work half of the phrase bank.

The sealed half is split from the work half by source page, so a rule written from one page's
spellings is measured there on other pages' spellings. This does the same inside the work
half: its sources are split at random (seed 1111) into two folds. Rules are written from W1's
misses only; W2 is measured, never read, and so estimates what the sealed half would show.

    python3 tests/eval/bank_folds.py split
        writes target/eval/folds/w1.jsonl and w2.jsonl (never tests/data)
    python3 tests/eval/bank_folds.py measure BINARY
        runs `BINARY check --jsonl` on both folds; prints recall by family and the warm lines
        flagged, per fold; writes W1's misses to target/eval/folds/w1_misses.jsonl and W1's
        flagged warm lines to target/eval/folds/w1_warm_flagged.jsonl. W2 gets counts only.

BINARY is the `rapport` command line (for example $CARGO_TARGET_DIR/debug/rapport). It reads
each line with no context, as `make eval` does (Engine::analyze(text, None)).

A source is its URL; a line written for this repository has no page, so it is its own
source (keyed by its text), as tests/data/phrasebank/split.mjs does for the two halves.
"""
import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

SEED = 1111
ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "tests/data/phrasebank/work.jsonl"
OUT = ROOT / "target/eval/folds"
FOLDS = ("w1", "w2")


def source_key(line):
    source = line.get("source", "")
    if source == "written-for-rapport":
        return "written-for-rapport:" + line["text"]
    return source


def read_work():
    return [json.loads(l) for l in WORK.read_text(encoding="utf-8").splitlines() if l.strip()]


def assign_folds(lines):
    """Sources sorted, shuffled with the seed, the first half of them to W1."""
    keys = sorted({source_key(l) for l in lines})
    random.Random(SEED).shuffle(keys)
    w1 = set(keys[: len(keys) // 2])
    folds = {"w1": [], "w2": []}
    for line in lines:
        folds["w1" if source_key(line) in w1 else "w2"].append(line)
    return folds


def split():
    folds = assign_folds(read_work())
    OUT.mkdir(parents=True, exist_ok=True)
    for name in FOLDS:
        with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for line in folds[name]:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        sources = {source_key(l) for l in folds[name]}
        cold = sum(l["kind"] == "cold" for l in folds[name])
        print(f"{name}: {len(sources)} sources, {cold} cold, {len(folds[name]) - cold} warm lines -> {OUT / (name + '.jsonl')}")
    return folds


def flagged_lines(binary, lines):
    """Whether the engine flags each line (any finding), in order."""
    payload = "".join(json.dumps({"text": l["text"]}, ensure_ascii=False) + "\n" for l in lines)
    run = subprocess.run([binary, "check", "--jsonl"], input=payload, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"{binary} failed: {run.stderr}")
    reports = [json.loads(r) for r in run.stdout.splitlines()]
    if len(reports) != len(lines):
        sys.exit(f"{binary}: {len(reports)} reports for {len(lines)} lines")
    return [bool(r.get("findings")) for r in reports]


def pct(hits, total):
    return 100.0 * hits / total if total else float("nan")


def measure(binary):
    folds = split()
    table = defaultdict(lambda: {n: [0, 0] for n in FOLDS})
    warm = {n: [0, 0] for n in FOLDS}
    for name in FOLDS:
        lines = folds[name]
        flags = flagged_lines(binary, lines)
        # W2's text stays unread: only W1 gets its misses and alarms written out.
        misses = open(OUT / "w1_misses.jsonl", "w", encoding="utf-8") if name == "w1" else None
        alarms = open(OUT / "w1_warm_flagged.jsonl", "w", encoding="utf-8") if name == "w1" else None
        for line, flagged in zip(lines, flags):
            if line["kind"] == "warm":
                warm[name][1] += 1
                warm[name][0] += flagged
                if flagged and alarms:
                    alarms.write(json.dumps({"text": line["text"], "family": line["family"]}, ensure_ascii=False) + "\n")
                continue
            cell = table[line["family"]][name]
            cell[1] += 1
            cell[0] += flagged
            if not flagged and misses:
                misses.write(
                    json.dumps(
                        {"text": line["text"], "family": line["family"], "scope": line.get("scope", "unannotated")},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        for f in (misses, alarms):
            if f:
                f.close()
    print(f"\n    {'family':<20} {'W1':>16} {'W2':>16}")
    totals = {n: [0, 0] for n in FOLDS}
    for family in sorted(table):
        cells = table[family]
        print(f"    {family:<20}" + "".join(f" {pct(*cells[n]):>6.1f}% {cells[n][0]:>4}/{cells[n][1]:<4}" for n in FOLDS))
        for n in FOLDS:
            totals[n][0] += cells[n][0]
            totals[n][1] += cells[n][1]
    print(f"    {'all':<20}" + "".join(f" {pct(*totals[n]):>6.1f}% {totals[n][0]:>4}/{totals[n][1]:<4}" for n in FOLDS))
    print(f"    {'warm flagged':<20}" + "".join(f" {pct(*warm[n]):>6.1f}% {warm[n][0]:>4}/{warm[n][1]:<4}" for n in FOLDS))
    print(f"W1 misses: {OUT / 'w1_misses.jsonl'}; W1 warm flagged: {OUT / 'w1_warm_flagged.jsonl'}")


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "split":
        split()
    elif len(sys.argv) == 3 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
