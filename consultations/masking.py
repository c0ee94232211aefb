"""What citizens write, made safe to publish: personal numbers masked, direction controls removed.

Phone numbers and citizen ID numbers are masked however people type them: grouped by spaces,
dots or hyphens, with the area code or the country code in brackets, in full-width digits, or
split by invisible characters. Money, dates and document numbers are left as written: a phone or
ID number starts with 0 (or the country code) and has an exact number of digits, and a number
that continues a dotted amount is never taken for one. A 9-digit number is masked only where the
text names it as an identity card (CMND): alone it may be anything.

One pattern, compiled once, and bounded: between two digits at most a few separators, and every
number has at most 12 digits, so the work grows with the length of the text and nothing
backtracks without limit.
"""

import re

MASK = "[đã ẩn]"

# Explicit direction controls (embeddings, overrides, isolates) and the marks LRM, RLM and ALM.
# In citizens' text they could reorder the site's own words around it ("Trojan Source").
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

# Full-width digits and signs read as their ASCII twins, one character for one, so that a match
# found in the translated text has the same span in the original.
FULL_WIDTH = str.maketrans("０１２３４５６７８９＋（）．－\u3000", "0123456789+().- ")
# Translating is slower than looking: only text that has one of them is translated.
HAS_FULL_WIDTH = re.compile("[\uff08-\uff19\u3000]")

# Invisible characters people paste (or slip in) between digits.
INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff]{0,3}"
# What may group the digits: spaces of every width, dots, hyphens and dashes.
GROUPING = "[ \t.\\-\u00a0\u2007\u2009\u202f\u2010-\u2013]"
# Between two digits: nothing, or up to three grouping characters ("0912 - 345 - 678").
GAP = f"{INVISIBLE}(?:{GROUPING}{INVISIBLE}){{0,3}}"
# Between two groups of an ID number: at least one grouping character.
SPLIT = f"{INVISIBLE}(?:{GROUPING}{INVISIBLE}){{1,3}}"
DIGIT = r"\d"


def digits(count, between=GAP):
    """`count` digits, with `between` allowed between each two."""
    return DIGIT + (f"(?:{between}{DIGIT}){{{count - 1}}}" if count > 1 else "")


def grouped(*sizes):
    """Digits in groups of these sizes, split by grouping characters, invisible ones within."""
    return SPLIT.join(digits(size, INVISIBLE) for size in sizes)


# Not the tail of a longer number: no digit just before, nor a digit and a dot, a comma or an
# invisible character ("5.000.000.000.000 đồng" holds "000.000.000.000").
NOT_AFTER_A_NUMBER = "(?<!\\d)(?<!\\d[.,\u200b\u200c\u200d\u2060\ufeff])"
# Not followed by another digit of the same number.
NOT_BEFORE_A_DIGIT = f"(?!{INVISIBLE}{DIGIT})"

# The old 9-digit identity card, where the text names it ("CMND số: 183 456 789", "chứng minh
# nhân dân 183456789"): the words are kept, the number masked. Letters with diacritics may be
# composed or not, hence \S{1,4} for each vowel.
ID_CARD_NAME = (
    r"(?i:\b(?:CMND|CMTND|CMT|CCCD"
    r"|ch\S{1,4}ng\s+minh(?:\s+nh\S{1,4}n\s+d\S{1,4}n|\s+th\S{1,4})?"
    r"|c\S{1,4}n\s+c\S{1,6}c(?:\s+c\S{1,4}ng\s+d\S{1,4}n)?))"
)
NAMED_ID_CARD = f"(?P<name>{ID_CARD_NAME}[^\\d\\n]{{0,24}}?){NOT_AFTER_A_NUMBER}{digits(9)}"

# A 12-digit citizen identity (CCCD) number. As one run of digits, whatever the first digit; in
# groups (4-4-4, 3-3-6, 3-3-3-3) only starting with 0, as every CCCD number does and no amount of
# money does. 3-3-3-3 is also how amounts are grouped, so that form must not continue a number
# even across a space ("5 000 000 000 000 đồng").
CITIZEN_ID = "|".join(
    [
        digits(12, INVISIBLE),
        f"(?=0){grouped(4, 4, 4)}",
        f"(?=0){grouped(3, 3, 6)}",
        f"(?<!\\d{GROUPING})(?=0){grouped(3, 3, 3, 3)}",
    ]
)

# A phone number: 0 and 9 more digits (mobiles, and the old 04/08 landlines) or 10 more (landlines
# with their area code since 2017, the old 11-digit mobiles), the area code perhaps in brackets.
# From abroad: the country code (+84, 0084, in brackets or not), then those digits without their
# 0 ("+84 (0) 912…" and "+84 0912…" as well). "84912345678" without a plus only as one run of
# digits: "84.500.000.000 đồng" is money.
COUNTRY = rf"(?:\({INVISIBLE}(?:\+{GAP}|00)?84{INVISIBLE}\)|(?:\+{GAP}|00)84)"
NATIONAL = rf"(?:\(0\){GAP}|0{GAP})?[1-9](?:{GAP}{DIGIT}){{8,9}}"
PHONE = "|".join(
    [
        f"{COUNTRY}{GAP}{NATIONAL}",
        f"84{INVISIBLE}[1-9](?:{INVISIBLE}{DIGIT}){{8,9}}",
        *(
            rf"\({INVISIBLE}(?=0){digits(area, INVISIBLE)}{INVISIBLE}\){GAP}{digits(10 - area)}(?:{GAP}{DIGIT})?"
            for area in (2, 3, 4)
        ),
        f"0(?:{GAP}{DIGIT}){{9,10}}",
    ]
)

# At each place the alternatives are tried in this order: a named card, an ID number, a phone.
# The first character is checked once before any of them (a digit, "(", "+", or the C of a card's
# name): most places in a text start none of them, and are passed over six times faster.
PERSONAL_NUMBER = re.compile(
    f"(?=[\\d(+cC])(?:{NAMED_ID_CARD}|{NOT_AFTER_A_NUMBER}(?:{CITIZEN_ID}|{PHONE})){NOT_BEFORE_A_DIGIT}"
)


def strip_bidi_controls(text):
    """The text without direction controls, so it cannot reorder what surrounds it."""
    if not text:
        return text
    return BIDI_CONTROLS.sub("", text)


def mask_personal_numbers(text):
    """The text as published: direction controls removed, phone and citizen ID numbers masked."""
    if not text:
        return text
    # Controls first: one between two digits must not hide the number from the pattern.
    text = strip_bidi_controls(text)
    parts, end = [], 0
    read = text.translate(FULL_WIDTH) if HAS_FULL_WIDTH.search(text) else text
    for match in PERSONAL_NUMBER.finditer(read):
        start = match.end("name") if match["name"] is not None else match.start()
        parts += [text[end:start], MASK]
        end = match.end()
    if not parts:
        return text
    parts.append(text[end:])
    return "".join(parts)
