"""Masking of personal numbers in published text: phone numbers and 12-digit citizen IDs."""

import re

MASK = "[đã ẩn]"

# A 12-digit citizen identity (CCCD) number, alone or written in groups.
CITIZEN_ID = re.compile(r"(?<![\d])\d{3}[ .-]?\d{3}[ .-]?\d{6}(?![\d])")
# Vietnamese phone numbers: 0 or +84 then 9 digits (mobile) or 9–10 (landline), in any grouping.
PHONE = re.compile(r"(?<![\d+])(?:\+\s?84|0084|0)(?:[ .-]?\d){8,10}(?![\d])")


def mask_personal_numbers(text):
    """The text with phone and citizen ID numbers replaced by a visible mark."""
    if not text:
        return text
    return PHONE.sub(MASK, CITIZEN_ID.sub(MASK, text))
