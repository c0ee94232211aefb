"""Which words of a query each tier asks for, the same on every database (search/postgres.py
asks them of PostgreSQL's vectors, search/service.py of Wagtail's backend and in Python).

A query of a few words is asked as typed: its phrase, then every word, then any word.

A long question (LONG_QUESTION words or more: people paste sentences, "người dân có được hỗ trợ
khi nhà nước thu hồi đất ở không") would find almost nothing if every word had to be there, and
almost everything if any word may be. It is asked instead:

- as its whole phrase, still first: a page that quotes it is the best answer;
- then by its key words: the question's words less the ones every question and every page has
  (STOP_WORDS: "có", "được", "khi", "không"…), the rarest first where the database knows how
  common each word is (PostgreSQL's statistics of the vectors), at most MAX_WORDS of them: every
  key word, then most of them (`at_least`: more than half, so one typo or one extra word still
  finds the page), then any of them.
"""

from dataclasses import dataclass

# From this many words on, a query is a question (see the module).
LONG_QUESTION = 8
# At most this many words are asked for by the "every word" and "any word" tiers; a phrase keeps
# up to PHRASE_WORDS.
MAX_WORDS = 8
PHRASE_WORDS = 16

# Words that carry no subject in a question: function words, question words, pronouns,
# politeness. As typed, with their marks; a word typed without any mark is compared with the
# folded ones, which leave out what folds like a word with a subject ("van": vẫn or vận, "tai":
# tại or tái, "thi": thì or thị, "cho": cho or chợ).
_STOP_WORDS = """
à ạ ai anh bà bao bạn bị các cái cần chị cho chúng chưa có còn của cũng đã đang đâu để đến em
đó được gì hay hãy hoặc hỏi họ không khi là lại mà mình muốn này nào nên nếu nhé những
như nhưng nhiêu ở ông phải ra rằng rồi sẽ sao ta tại thế thì tôi từ và vẫn về vì với vậy xin
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_FOLDED_STOP_WORDS = """
a ai cac co cua duoc gi hay hoac khi khong la muon nao nay neu nhe nhu nhung nhieu phai rang roi
sao se toi xin
"""
FOLDED_STOP_WORDS = frozenset(_FOLDED_STOP_WORDS.split())


def is_stop_word(typed, folded, marked=True):
    """Whether a word of a query is a stop word; `marked`: whether the query has any diacritic
    (a word typed without marks in such a query is that word: "cho", not "chợ")."""
    return typed in STOP_WORDS if marked else folded in FOLDED_STOP_WORDS


@dataclass(frozen=True)
class Words:
    """A query's words for the tiers: `typed`/`folded`, its phrase; `key_typed`/`key_folded`, the
    words that every/most/any word tiers ask for; `at_least`, how many of those the "most of the
    words" tier needs (0: no such tier, for a short query)."""

    typed: tuple
    folded: tuple
    key_typed: tuple
    key_folded: tuple
    at_least: int = 0

    @property
    def terms(self):
        """The key words in both spellings, each once: what ranks and counts the matches."""
        return list(dict.fromkeys(self.key_typed + self.key_folded))


def words_of(typed, folded, frequency=None):
    """Words for these typed and folded words (core.text.words, folded_words). `frequency(word)`,
    where known, is the share of documents holding a folded word: the rarest key words are kept."""
    typed, folded = list(typed), list(folded)
    if len(folded) < LONG_QUESTION:
        typed, folded = tuple(typed[:MAX_WORDS]), tuple(folded[:MAX_WORDS])
        return Words(typed, folded, typed, folded)
    keys, marked = {}, typed != folded
    for word_typed, word_folded in zip(typed, folded, strict=False):
        if not is_stop_word(word_typed, word_folded, marked):
            keys.setdefault(word_typed, word_folded)
    if not keys:
        keys = dict(zip(typed, folded, strict=False))
    key_pairs = list(keys.items())
    if frequency:
        key_pairs.sort(key=lambda pair: frequency(pair[0]))  # stable: as typed among equals
    key_pairs = key_pairs[:MAX_WORDS]
    return Words(
        tuple(typed[:PHRASE_WORDS]),
        tuple(folded[:PHRASE_WORDS]),
        tuple(word for word, _ in key_pairs),
        tuple(word for _, word in key_pairs),
        len(key_pairs) // 2 + 1 if len(key_pairs) >= 3 else 0,
    )
