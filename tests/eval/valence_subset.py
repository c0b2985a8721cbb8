#!/usr/bin/env python3
"""Writes src/data/customer/valence.txt, the graded words the customer reading scores, from
VADER's lexicon (vaderSentiment 3.3.2 on PyPI, MIT licence, C.J. Hutto).

    pip download --no-deps vaderSentiment==3.3.2 -d /tmp/vader
    python3 tests/eval/valence_subset.py /tmp/vader/vaderSentiment-3.3.2-py2.py3-none-any.whl \
        > src/data/customer/valence.txt

Kept: single words of letters only with a mean valence of -1.5 or lower (VADER's scale runs
from -4 to +4), rounded to the nearest half point, one line per valence. Left out: the words
the reading gives a role of their own (negators, intensifiers), and words that name a fault,
a misfortune or a fear rather than anger at someone: a calm bug report is full of "error",
"failed" and "wrong", and a worried customer is not a frustrated one.
"""
import re
import sys
import zipfile

WHEEL_SHA256 = "3bf1d243b98b1afad575b9f22bc2cb1e212b94ff89ca74f8a23a588d024ea311"
FLOOR = -1.5

# The reading's own roles (src/customer.rs keeps the same lists).
NEGATORS = "not no never nothing nobody none neither nor without cannot nowhere hardly barely".split()
INTENSIFIERS = """so very really extremely absolutely totally completely utterly incredibly
ridiculously unbelievably terribly awfully horribly insanely seriously truly deeply highly
thoroughly entirely fucking bloody damn damned effing flipping frigging""".split()

# Faults, damage and loss: what went wrong, said as calmly as anything else.
FAULTS = """problem problems error errors broken broke break breaks damaged damage damages
fail failed fails failing failure failures wrong crash crashed crashes crashing fault faults
faulty defect defective stolen steal stole theft hacked hack spam block blocked blocks
accident accidents accidental accidentally emergency debt debts penalty penalties dispute
disputes disputed disputing negative restricted restriction suspicious suspect trouble troubles
lose loses losing lost loss losses harm harmed leak leaking leaked burglary burgled
cancel cancelled canceled cancels cancellation delay delayed delays late missing miss
missed misses mistake mistakes mistaken bug bugs stuck jam jammed fraud victim victims""".split()
# Misfortune and illness: sad news, not a complaint.
MISFORTUNE = """dead died die dies death deaths dying funeral grief grieving bereaved bereavement
sick sickness ill illness pain painful hurt hurts injured injury cancer disease surgery
hospital hospitalized horror tragedy tragic disaster danger dangerous poor poverty
unfortunately unfortunate sorry sad sadly""".split()
# Fear and worry: the `worried` signal's ground, not frustration's.
FEAR = """afraid scared scary fear fears fearful frightened frightening terrified terror
panic panicked panicking nervous anxious anxiety worry worried worries worrying alarm
alarmed concerned concern dread dreading""".split()

LEAVE_OUT = set(NEGATORS + INTENSIFIERS + FAULTS + MISFORTUNE + FEAR)


def main(wheel):
    with zipfile.ZipFile(wheel) as z:
        lexicon = z.read("vaderSentiment/vader_lexicon.txt").decode("utf-8")
        licence = z.read("vaderSentiment-3.3.2.dist-info/LICENSE.txt").decode("utf-8")
    groups = {}
    for line in lexicon.splitlines():
        word, mean = line.split("\t")[:2]
        mean = float(mean)
        if mean > FLOOR or not re.fullmatch(r"[a-z]+", word) or word in LEAVE_OUT:
            continue
        # half points, rounding halves away from zero
        rounded = -int(-mean * 2 + 0.5) / 2
        groups.setdefault(rounded, []).append(word)
    out = sys.stdout
    out.write("# Graded negative words for the customer reading (src/customer.rs), made by\n")
    out.write("# tests/eval/valence_subset.py from vader_lexicon.txt in vaderSentiment 3.3.2\n")
    out.write(f"# (PyPI wheel sha256 {WHEEL_SHA256}).\n")
    out.write("# Each line: a valence (VADER's -4..+4 scale, rounded to half points), then its words.\n")
    for line in licence.strip().splitlines():
        out.write(f"# {line}".rstrip() + "\n")
    for valence in sorted(groups):
        out.write(f"{valence:.1f} {' '.join(sorted(groups[valence]))}\n")


if __name__ == "__main__":
    main(sys.argv[1])
