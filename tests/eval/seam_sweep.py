#!/usr/bin/env python3
"""Seam sweep: put every English flag example into carrier sentences, apply the top
rewrite, and report the mechanical seam patterns a reader trips on (a template written
for a sentence of its own landing mid-sentence, a comma splice, a lost number or name).

Usage: python3 tests/eval/seam_sweep.py [path/to/rapport]   (exit 1 when a seam is found)
The carriers are written for this sweep; they are not customer data.
"""
import json
import re
import subprocess
import sys

RAPPORT = sys.argv[1] if len(sys.argv) > 1 else "target/release/rapport"

# {x}: the example with its final mark dropped; {X}: the same, capitalised as written
CARRIERS = [
    "Thanks for the details, Sam, and {x}, so the £20 refund goes out on 3 May.",
    "{X}. I've checked order 4471 for you.",
    "I've looked at order 4471, Sam, so {x}.",
]

SEAMS = [
    # an empathy clause hung on "so" reads as a consequence of the sentence before it
    (r", so I (?:know|understand|hear|can hear|can see|can tell|appreciate)\b", "', so I <empathy>' after a clause"),
    (r"\bso,? (?:\w+ ){0,3}so\b", "doubled 'so'"),
    (r"\b(?:to recap|I understand|I'm sorry),? which is why\b", "'which is why' after a new clause"),
    (r", (?!I\b|I'|Mr\b|Mrs\b|Ms\b|Sam\b)[A-Z][a-z]", "capital after a comma"),
    (r"\b(\w+) \1\b", "doubled word"),
]

FACTS = ["Sam", "£20", "3 May", "4471"]

APOLOGY = re.compile(r"\b(?:sorry|apologi[sz]e|apologies|regret)", re.I)


def apology_made_the_reason(original, fixed):
    """An apology the rewrite wrote right before the agent's ", so <decision>" gives the
    apology as the decision's reason ("and I'm sorry about this late parcel, so the fee
    stands"). Not a seam where the "so" follows a clause of the agent's own after the
    apology ("and I'm sorry, but the decision stands, so ...") or where the agent's words
    there already apologised ("and we apologize for any inconvenience, so ...")."""
    for found in re.finditer(r"\band I'm sorry\b([^.;?!]*?), so\b", fixed):
        if "," in found.group(1):
            continue
        written = re.search(r"\band\b([^.;?!]*?), so\b", original)
        if written and APOLOGY.search(written.group(1)):
            continue
        return True
    return False


def carriers_for(example):
    body = example.strip().rstrip(".!?")
    lower = body[0].lower() + body[1:] if body[:2] not in ("I ", "I'") else body
    for carrier in CARRIERS:
        yield carrier.replace("{x}", lower).replace("{X}", body)


def main():
    rules = json.loads(
        subprocess.run([RAPPORT, "rules", "--format", "json"], capture_output=True, check=True).stdout
    )
    if isinstance(rules, dict):
        rules = rules.get("rules", rules)
    lines, keys = [], []
    for rule in rules:
        if rule.get("lang", "en") != "en":
            continue
        for example in rule.get("examples", {}).get("flag", []):
            for text in carriers_for(example):
                lines.append(json.dumps({"text": text, "context": {"lang": "en"}}))
                keys.append((rule["id"], text))
    out = subprocess.run(
        [RAPPORT, "check", "--jsonl"], input="\n".join(lines) + "\n", capture_output=True, text=True
    ).stdout.splitlines()
    problems = []
    for (rule_id, text), line in zip(keys, out):
        report = json.loads(line)
        for finding in report.get("findings", []):
            if finding["rule"] != rule_id or not finding.get("rewrites"):
                continue
            top = finding["rewrites"][0]
            if "placeholder" in top:
                continue
            units = text.encode("utf-16-le")
            fixed = (
                units[: 2 * top["start"]].decode("utf-16-le")
                + top["text"]
                + units[2 * top["end"] :].decode("utf-16-le")
            )
            found = [why for pattern, why in SEAMS if re.search(pattern, fixed) and not re.search(pattern, text)]
            if apology_made_the_reason(text, fixed):
                found.append("'and I'm sorry <what>, so' gives the apology as the reason")
            found += [f"lost '{fact}'" for fact in FACTS if fact in text and fact not in fixed]
            if found:
                problems.append(f"{rule_id}: {'; '.join(found)}\n    {text}\n -> {fixed}")
    print("\n".join(problems))
    print(f"{len(problems)} seams in {len(keys)} carried examples", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
