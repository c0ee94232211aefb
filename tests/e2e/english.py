"""Finding English on a screen that should be all Vietnamese.

Vietnamese written without its marks is ASCII too ("an ninh", "Trang", "tin"), so "ASCII" is not
"English". A word is English when it cannot be a Vietnamese syllable (an initial consonant, a
vowel cluster, one of eight finals: "Save", "draft", "Delete", "of", "and"), or when it is one of
the short English words that happen to have a syllable's shape ("to", "on", "the", "main"). Names
of products and formats (Wagtail, CSV, URL…) are allowed, and file names, addresses and e-mail
addresses are dropped before looking: they are data, not the interface.
"""

import re
import unicodedata

INITIALS = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
SYLLABLE = re.compile(rf"^(?:{INITIALS})?[aeiouy]{{1,3}}(?:ch|nh|ng|c|m|n|p|t)?$")

# English words shaped like a Vietnamese syllable. Left out on purpose, because Vietnamese
# without marks uses them: an, ban, can, cho, con, do, in, me, so, tin.
ENGLISH_SYLLABLES = {
    "at", "be", "by", "day", "get", "go", "hi", "it", "key", "let", "main", "min", "my", "no", "not", "oh",
    "on", "out", "pin", "set", "the", "then", "to", "top", "up", "via",
}  # fmt: skip

# Names of products, formats, units and keys that Vietnamese writes as they are, and the name of
# the one other language the admin offers.
ALLOWED = {
    "api", "byte", "bytes", "cmd", "csv", "ctrl", "django", "doc", "docx", "email", "english", "enter", "esc",
    "gb", "gif", "gmt", "html", "http", "https", "id", "javascript", "jpeg", "jpg", "json", "kb", "mb", "odt",
    "ods", "otp", "pdf", "png", "qr", "shift", "svg", "totp", "txt", "url", "utc", "wagtail", "web", "webp",
    "www", "xls", "xlsx", "zalo", "zip",
}  # fmt: skip
ROMAN_NUMERAL = re.compile(r"^[IVXLC]+$")

DATA = re.compile(
    r"\S+@\S+"  # e-mail addresses
    r"|\w+://\S+"  # addresses
    r"|(?<!\w)/\S*"  # paths
    r"|\S*[\w-]+\.[A-Za-z]{2,4}\b"  # file names
    r"|\S*\w[_-]\w\S*"  # slugs and identifiers
)
WORD = re.compile(r"[^\W\d_]+")


def fold(word):
    """The word without its marks, đ as d."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def english_words(text, allowed=()):
    """The words of `text` that are English, in order."""
    allowed = ALLOWED | {word.lower() for word in allowed}
    found = []
    for word in WORD.findall(DATA.sub(" ", unicodedata.normalize("NFC", text))):
        if not word.isascii() or word.lower() in allowed or len(word) < 2 or ROMAN_NUMERAL.match(word):
            continue
        lower = word.lower()
        if lower in ENGLISH_SYLLABLES or not SYLLABLE.match(fold(lower)):
            found.append(word)
    return found


# Run in the page: the text a user sees or hears, each piece with where it comes from. Visible
# text nodes (not inside a <select> of every time zone, nor scripts), and the labels of controls:
# placeholder, title, aria-label, alt, a button's value; hidden ones too (a screen reader or a
# tooltip says them).
COLLECT = """
() => {
  const pieces = [];
  const skip = 'script, style, template, noscript, select, textarea, code, pre, [data-user-content]';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (!text) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    if (!parent.getClientRects().length || getComputedStyle(parent).visibility === 'hidden') continue;
    pieces.push({text, where: parent.tagName.toLowerCase()});
  }
  const buttons = 'input[type=submit], input[type=button], input[type=reset]';
  const labelled = `[placeholder], [title], [aria-label], img[alt], ${buttons}`;
  for (const element of document.querySelectorAll(labelled)) {
    if (element.closest('script, template, [data-user-content]')) continue;
    for (const attribute of ['placeholder', 'title', 'aria-label', 'alt']) {
      const value = element.getAttribute(attribute);
      const where = `${element.tagName.toLowerCase()}[${attribute}]`;
      if (value && value.trim()) pieces.push({text: value.trim(), where});
    }
    if (element.matches(buttons) && element.value) {
      pieces.push({text: element.value, where: 'input[value]'});
    }
  }
  for (const select of document.querySelectorAll('select')) {
    if (select.options.length > 60 || select.closest('[data-user-content]')) continue;
    for (const option of select.options) {
      if (option.text.trim()) pieces.push({text: option.text.trim(), where: `select[name=${select.name}] option`});
    }
  }
  return pieces;
}
"""


class EnglishFinder:
    """Collects the English found on each screen of a walk, to fail once with all of it."""

    def __init__(self, allowed=()):
        self.allowed = set(allowed)
        self.findings = []

    def look(self, page, screen):
        seen = set()
        for piece in page.evaluate(COLLECT):
            words = english_words(piece["text"], self.allowed)
            key = (piece["text"], piece["where"])
            if words and key not in seen:
                seen.add(key)
                self.findings.append(f"{screen}: {' '.join(words)!r} in {piece['where']}: {piece['text'][:120]!r}")

    def report(self):
        return "English on admin screens:\n" + "\n".join(self.findings)
