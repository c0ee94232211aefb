"""Candidate selection on PostgreSQL: tiers of strictness, each read newest first, with a bound.

Ranking every document that contains "dân" means reading most of the archive; PostgreSQL was
measured here at 640–780 ms for that at 100,000 documents. Instead the query is asked as a
series of tiers, strictest first:

1. the words as typed, as a phrase, in the title;
2. every word as typed, in the title;
3. the phrase folded (no diacritics), in the title;
4. every word folded, in the title;
5. the words as typed, as a phrase, anywhere;
6. every word as typed, anywhere;
7. the phrase folded, anywhere;
8. every word, in either spelling, anywhere;
9. any word.

Exact spellings come before folded ones at each level: "giá đắt" typed with its marks must not
lose to the far commoner "giá đất", which only matches once folded.

Each tier takes the newest matching documents not already taken, until `limit` are held. With
the GIN indexes and the index on the date, PostgreSQL either walks the newest documents and
checks each (a common word: it soon has enough) or reads the few matches from a GIN index (a
rare word). Tiers in a row that walk the same column are asked in one walk, each document with
the strictest of them it passes, so that each vector is read once, not once per tier. Title
tiers check the small title vector kept in the row; the text vector, stored out of line, is
read only by the later tiers and to rank the rows kept, once for all the checks and the rank
(`_READ_ONCE`). Those are ordered by tier, then cover density (`ts_rank_cd`, summed word by
word: `_rank`). How many documents match is counted first, per type, through the GIN index and
up to a cap; when all the matches were counted and are few enough to be candidates, all of them
are read at once, each with the strictest tier it reaches, instead of asking tier by tier
(`search`).

What bounds every tier: a walk looks at no more than WALK documents (past those a group still
has to find), a read from the GIN index at fewer than FEW matches; so words that are each very
common but never side by side ("đất dân thôn") cost one walk, not a walk of the archive.
"""

import functools
import json
import time
from collections import namedtuple

from django.conf import settings
from django.db import connection, transaction

from core.text import fold

# Columns of search_searchdocument read for each candidate, in this order.
COLUMNS = (
    "page_id, type, date, agency_ids, sector_ids, area_ids, consultation_opens_at, consultation_closes_at, "
    "response_published_at, adopted_on, withdrawn_on"
)
# A candidate reads like a SearchDocument, with the tier that found it and its rank within.
Candidate = namedtuple("Candidate", ["tier", "rank", *COLUMNS.replace(" ", "").split(",")])


def in_use():
    """Whether search reads the vectors here: on PostgreSQL with Wagtail's database backend as the
    default (with Elasticsearch, candidates come from it and are ranked in search/service.py)."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return connection.vendor == "postgresql" and backend.startswith("wagtail.search.backends.database")


def _lexeme(word, weights=""):
    return f"'{word}'" + (f":{weights}" if weights else "")


def _phrase(words, weights=""):
    return " <-> ".join(_lexeme(word, weights) for word in words)


def _every(words, weights=""):
    return " & ".join(_lexeme(word, weights) for word in words)


def _either(word_typed, word_folded):
    return _lexeme(word_typed) if word_typed == word_folded else f"({_lexeme(word_typed)} | {_lexeme(word_folded)})"


def tiers(words):
    """[(column, tsquery, plain)] of the tiers, strictest first, without repeats, for a
    search.questions.Words (words are \\w+).

    `plain` is the same words with neither positions nor weights, at most the RAREST of them
    (PostgreSQL's statistics tell which): what the GIN index answers exactly, without reading the
    rows, and fast (it takes longer for every word a query adds, about 10 ms a word at 100,000
    documents). The documents it gives are then checked against the whole tier. Title tiers read
    the small `title_vector`; words typed without any diacritic skip the "as typed" tiers, which
    would only find rare text written without them. A long question adds "most of its key words"
    (a `Most`, checked by counting which of its folded key words a vector holds: an OR of every
    choice of them takes the GIN index seconds) before "any of them".
    """
    typed, folded, key_typed, key_folded = words.typed, words.folded, words.key_typed, words.key_folded
    with_marks, keys_with_marks = typed != folded, key_typed != key_folded
    either = [_either(t, f) for t, f in zip(key_typed, key_folded, strict=False)]
    both = " & ".join(either)
    most = Most(words.at_least, tuple(dict.fromkeys(key_folded))) if words.at_least else None
    anything = any_word(words.terms)
    found = [
        ("title_vector", _phrase(typed, "A"), _every(_rarest(typed))) if with_marks else None,
        ("title_vector", _every(key_typed, "A"), _every(_rarest(key_typed))) if keys_with_marks else None,
        ("title_vector", _phrase(folded, "B"), _every(_rarest(folded))),
        ("title_vector", _every(key_folded, "B"), _every(_rarest(key_folded))),
        ("vector", _phrase(typed, "AC"), _every(_rarest(typed))) if with_marks else None,
        ("vector", _every(key_typed, "AC"), _every(_rarest(key_typed))) if keys_with_marks else None,
        ("vector", _phrase(folded), _every(_rarest(folded))),
        ("vector", both, " & ".join(_rarest(either, key_folded))),
        ("vector", most, any_word(most.words)) if most else None,
        ("vector", anything, anything),
    ]
    return list(dict.fromkeys(tier for tier in found if tier))


# How many words of a tier the GIN index is asked for (see `tiers`).
RAREST = 3


def _rarest(terms, spelled=None):
    """The RAREST of these terms, in their order; `spelled`: the word whose frequency stands for
    each term (by default the term itself)."""
    spelled = spelled or terms
    if len(terms) <= RAREST:
        return list(terms)
    order = sorted(range(len(terms)), key=lambda i: frequency(spelled[i]))
    return [terms[i] for i in sorted(order[:RAREST])]


class Most(namedtuple("Most", ["at_least", "words"])):
    """A tier's check: at least `at_least` of these folded words (each folded word is in the folded
    text whichever way it was written)."""


def _check(expression, query):
    """(SQL, params): whether the vector `expression` passes a tier's query (a tsquery or a Most,
    which counts the words the vector holds)."""
    if isinstance(query, Most):
        held = " + ".join(f"ts_match_vq({expression}, %s::tsquery)::int" for _ in query.words)
        return f"{held} >= %s", [*(_lexeme(word) for word in query.words), query.at_least]
    # The function behind @@, which no index answers: only the plain words are asked of the index.
    return f"ts_match_vq({expression}, to_tsquery('simple', %s))", [query]


def any_word(terms):
    return " | ".join(_lexeme(word) for word in dict.fromkeys(terms))


def where_clause(filters):
    """SQL conditions and their parameters for the filters that SQL can apply."""
    conditions, params = [], []
    if filters.types:
        conditions.append("type = ANY(%s)")
        params.append(sorted(filters.types))
    if filters.date_from:
        conditions.append("date >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        conditions.append("date <= %s")
        params.append(filters.date_to)
    for column, value in (("agency_ids", filters.agency), ("sector_ids", filters.sector), ("area_ids", filters.area)):
        if value:
            conditions.append(f"{column} @> %s::jsonb")
            params.append(f"[{int(value)}]")
    if filters.status == "adopted_without_consultation":
        conditions.append("adopted_on IS NOT NULL AND consultation_opens_at IS NULL")
    elif filters.status == "withdrawn":
        conditions.append("withdrawn_on IS NOT NULL")
    elif filters.status:
        conditions.append("consultation_opens_at IS NOT NULL")
    return "".join(f" AND {condition}" for condition in conditions), params


# A tier whose words appear together in fewer documents than this is read whole from the GIN
# index; a commoner one by walking the newest documents. Walking title tiers reads the date
# index alone (it carries the title vector); a text vector is read out of line and decompressed
# (TOAST: 10 to 40 microseconds a row on a 2-core machine), so at most FEW of them are checked.
FEW = {"title_vector": 500, "vector": 500}
# A walking tier looks at no more than this many of the newest documents not yet taken: what
# bounds a phrase of common words that are rarely side by side ("dân vận hộ nghèo"), which would
# otherwise walk the whole archive to find nothing. What it leaves out falls to the next tier.
WALK = {"title_vector": 5_000, "vector": 500}
# When PostgreSQL's statistics put the documents holding any of the words above this many times
# the count cap, they are not counted: the estimate is shown at once.
SURELY_MORE = 4


def search(words, filters, limit, types, cap, newest_first=False):
    """([Candidate] for at most `limit` documents, best first by tier; {type: count}, approximate)
    in one transaction (see `count_by_type` for the counts), for a search.questions.Words.

    The counting comes first: when every document holding any of the words was counted (at most
    `cap`) and they are no more than `limit`, every one of them is a candidate whatever the tiers,
    so all of them are read in one query that works out each one's tier (`all_candidates`),
    instead of a probe and a read per tier. Otherwise, tier by tier (`candidates`)."""
    with transaction.atomic(), connection.cursor() as cursor:
        counts, approximate = count_by_type(cursor, words, filters, types, cap)
        if not approximate and sum(counts.values()) <= limit:
            found = all_candidates(cursor, words, filters, newest_first) if counts else []
        else:
            found = candidates(cursor, words, filters, limit, newest_first)
    return found, counts, approximate


def _queries(words, newest_first):
    """(rank query, [(column, tsquery, plain)] of the tiers): with `newest_first`, one tier, any word."""
    rank_query = any_word(words.terms)
    return rank_query, [("vector", rank_query, rank_query)] if newest_first else tiers(words)


def _rank(expression, terms):
    """(SQL, params): ts_rank_cd of the vector `expression` for any of these words, times ten.

    For words joined by | every cover is one position, so the rank is the sum of the weights of
    the words' positions (search/service.py's rerank counts them so): asked word by word, it is
    the same sum, and several times cheaper than asked at once (ts_rank_cd's cost grows with the
    words times their positions: 50 ms for 500 documents and the 14 spellings of a question's key
    words). Rounded, so that equal ranks are equal whatever order the weights were added in."""
    each = " + ".join(f"ts_rank_cd({expression}, to_tsquery('simple', %s))::float8" for _ in terms)
    return f"round(({each}) * 10)", [_lexeme(term) for term in terms]


@functools.lru_cache(maxsize=4096)
def _id_list(text):
    """The ids of a jsonb list handed over as text by a raw cursor ("[3, 7]"), as a tuple: the
    same few lists come back for most of 500 candidates, decoded once per process."""
    return tuple(json.loads(text))


def _candidate(tier, rank, page_id, kind, date, agencies, sectors, areas, *consultation):
    return Candidate(
        tier, rank, page_id, kind, date, _id_list(agencies), _id_list(sectors), _id_list(areas), *consultation
    )


def all_candidates(cursor, words, filters, newest_first=False):
    """[Candidate] for every document holding any of the words, as `candidates` gives them when
    it takes them all: by the strictest tier each reaches, newest first within a tier, ranked
    over the tier's column. For a number of documents small enough to read each one whole.

    Each text vector is read once (`_READ_ONCE`) for every tier's check and the rank."""
    where, params = where_clause(filters)
    rank_query, queries = _queries(words, newest_first)
    title_rank, title_params = _rank("title_vector", words.terms)
    text_rank, text_params = _rank("vector", words.terms)
    checks = [_check(column, query) for column, query, _ in queries]
    tier_cases = " ".join(f"WHEN {check} THEN {i}" for i, (check, _) in enumerate(checks))
    title_tiers = [i for i, (column, _, _) in enumerate(queries) if column == "title_vector"] or [-1]
    # OFFSET 0 keeps each subquery whole: merged into the query around it, its tier would be
    # worked out once per use.
    cursor.execute(
        f"""
        SELECT tier, CASE WHEN tier = ANY(%s) THEN {title_rank} ELSE {text_rank} END, {COLUMNS}
        FROM (
            SELECT *, CASE {tier_cases} ELSE {len(queries)} END AS tier
            FROM (
                SELECT {COLUMNS}, title_vector, {_read("vector")} AS vector
                FROM search_searchdocument
                WHERE vector @@ to_tsquery('simple', %s){where} OFFSET 0
            ) AS read
            OFFSET 0
        ) AS matched
        ORDER BY tier, date DESC NULLS LAST, page_id DESC
        """,  # noqa: S608 - the conditions are fixed text; values are parameters
        [
            title_tiers,
            *title_params,
            *text_params,
            *(v for _, values in checks for v in values),
            rank_query,
            *params,
        ],
    )
    return [_candidate(*row) for row in cursor.fetchall()]


# A vector as read once: a text vector is stored compressed out of line, and every function
# given the column itself decompresses it again (10 to 40 microseconds each time: a long
# question checks eight words in each of 500 documents). Joined to an empty vector, it is a
# copy in memory, read once, that every check and the rank then use.
_READ_ONCE = "({} || ''::tsvector)"


def _read(column):
    """SQL for a vector column read once (`_READ_ONCE`): the text vector; a title vector is small
    and kept in the row and the date index, and copying it costs more than reading it again."""
    return _READ_ONCE.format(column) if column == "vector" else column


def _plan(cursor, few):
    """Tell PostgreSQL how to read the next tier: from the GIN index (few matches) or by walking
    the date index (many). It misjudges how common a phrase or a weighted word is, and prices
    neither reading a text vector nor walking an index. Never a sequential scan: with a LIMIT it
    expects to meet enough matches soon, and checks thousands of vectors instead."""
    on, off = ("off", "on") if few else ("on", "off")
    cursor.execute(
        "SELECT set_config('enable_indexscan', %s, true), set_config('enable_indexonlyscan', %s, true), "
        "set_config('enable_bitmapscan', %s, true), set_config('enable_seqscan', 'off', true)",
        [on, on, off],
    )


def _few_sql(tier, column, query, plain, where, terms):
    """(SQL, its params before the filters') for (tier, page id, rank) of a tier's newest
    matches not yet taken, read from the GIN index (through the plain words), every match
    checked; the page ids taken, then its LIMIT, are left to fill."""
    check, check_params = _check(column, query)
    rank, rank_params = _rank("words", terms)
    sql = f"""
        SELECT tier, page_id, {rank} AS rank FROM (
            SELECT {int(tier)} AS tier, page_id, date, {_read(column)} AS words FROM search_searchdocument
            WHERE {column} @@ to_tsquery('simple', %s) AND {check}{where} AND NOT (page_id = ANY(%s::int[]))
            {NEWEST} LIMIT %s
        ) AS few
        """  # noqa: S608 - the conditions are fixed text; values are parameters
    return sql, [*rank_params, plain, *check_params]


def _walk_sql(group, column, where, terms):
    """(SQL, its params before the page ids taken and the filters') for (tier, rank, and the
    COLUMNS for a text walk, else the page id) of the newest documents not yet taken that pass
    any of a group of walking tiers [(tier, query)] on one column, each with the strictest it
    passes; how many documents to look at, then its LIMIT, are left to fill.

    Only the newest documents not yet taken are looked at, WALK of them and, for a group of
    several tiers, as many as are still to be found (tier by tier, each tier of the group would
    look at WALK more past those the tiers before it took), once for the whole group, each vector
    read once (`_READ_ONCE`) for every check and the rank; what they leave out falls to the next
    tiers. For a title group, a walk of the date index alone (it carries the title)."""
    checks = [(tier, *_check("words", query)) for tier, query in group]
    rank, rank_params = _rank("words", terms)
    cases = " ".join(f"WHEN {check} THEN {int(tier)}" for tier, check, _ in checks)
    # A text walk reads each row for its vector: it carries the columns out too (no second look
    # at the rows kept); a title walk reads the date index alone, the rows kept are read after.
    # OFFSET 0 keeps `checked` whole, so that each document's tier is worked out once; a
    # subquery with a LIMIT is never merged into the query around it.
    carried = COLUMNS if column == "vector" else "page_id, date"
    sql = f"""
        SELECT tier, {rank} AS rank, {COLUMNS if column == "vector" else "page_id"} FROM (
            SELECT tier, {carried}, words FROM (
                SELECT {carried}, words, CASE {cases} END AS tier FROM (
                    SELECT {carried}, {_read(column)} AS words FROM search_searchdocument
                    WHERE NOT (page_id = ANY(%s::int[])){where} {NEWEST} LIMIT %s
                ) AS newest
                OFFSET 0
            ) AS checked
            WHERE tier IS NOT NULL ORDER BY tier, date DESC NULLS LAST, page_id DESC LIMIT %s
        ) AS kept
        """  # noqa: S608 - the conditions are fixed text; values are parameters
    return sql, [*rank_params, *(v for _, _, values in checks for v in values)]


NEWEST = "ORDER BY date DESC NULLS LAST, page_id DESC"


def _ids(page_ids):
    """Page ids as one array literal: psycopg adapts a list of 500 ints element by element."""
    return "{" + ",".join(str(int(page_id)) for page_id in page_ids) + "}"


def candidates(cursor, words, filters, limit, newest_first=False):
    """[Candidate] for at most `limit` documents, tier by tier (see the module); with
    `newest_first`, simply the newest documents holding any of the words. Tiers in a row that
    walk the same column are read in one walk (`_walk_sql`)."""
    where, params = where_clause(filters)
    taken, found = [], []
    _, queries = _queries(words, newest_first)
    together, state = {}, {"few": None}

    def matching(column, plain):
        # Which way to read a tier is decided from how many documents hold its words at all
        # (tiers sharing their words share the count).
        if (column, plain) not in together and _many_by_statistics(column, plain, where):
            together[column, plain] = FEW[column]
        # Many documents already counted for words that imply these (in the same column, or in the
        # titles, whose words the text vector holds too) are as many or more here: not counted.
        if (column, plain) not in together and any(
            count >= FEW[column] and column in (counted, "vector") and _implies(known, plain)
            for (counted, known), count in together.items()
        ):
            together[column, plain] = FEW[column]
        if (column, plain) not in together:
            if state["few"] is False:  # counting reads the GIN index, whatever the last tier did
                state["few"] = True
                _plan(cursor, True)
            together[column, plain] = _how_many(cursor, column, plain, where, params)
        return together[column, plain]

    tier = 0
    while tier < len(queries) and len(found) < limit:
        column, query, plain = queries[tier]
        if not matching(column, plain):
            tier += 1
            continue
        few = together[column, plain] < FEW[column]
        if few:
            kept, before = _few_sql(tier, column, query, plain, where, words.terms)
            following = tier + 1
        else:
            group, following = [(tier, query)], tier + 1
            while following < len(queries) and queries[following][0] == column:
                _, next_query, next_plain = queries[following]
                count = matching(column, next_plain)
                if count and count < FEW[column]:
                    break
                if count:
                    group.append((following, next_query))
                following += 1
            kept, before = _walk_sql(group, column, where, words.terms)
        if few != state["few"]:
            state["few"] = few
            _plan(cursor, few)
        remaining = limit - len(found)
        if few:
            kept_params = [*before, *params, _ids(taken)]
        else:
            # A tier alone looks at WALK documents, as before; a group, past those it takes.
            kept_params = [*before, _ids(taken), *params, WALK[column] + (remaining if len(group) > 1 else 0)]
        if not few and column == "vector":  # the walk carried the columns (`_walk_sql`)
            order = "ORDER BY tier, date DESC NULLS LAST, page_id DESC"
            sql = f"SELECT tier, rank, {COLUMNS} FROM ({kept}) AS kept {order}"  # noqa: S608
        else:
            sql = f"""
                SELECT kept.tier, kept.rank, {COLUMNS}
                FROM search_searchdocument JOIN ({kept}) AS kept USING (page_id)
                ORDER BY kept.tier, date DESC NULLS LAST, page_id DESC
                """  # noqa: S608 - the conditions are fixed text; values are parameters
        cursor.execute(sql, [*kept_params, remaining])
        for row in cursor.fetchall():
            taken.append(row[2])
            found.append(_candidate(*row))
        tier = following
    return found


def _groups(plain):
    """A plain tsquery (groups of words joined by &, each group words joined by |) as a list of
    sets of words."""
    return [set(group.strip("() ").split(" | ")) for group in plain.split(" & ")]


def _implies(plain, other):
    """Whether every document holding the words of `plain` holds those of `other` too: each
    group of `other` holds, for every word of some group of `plain`, the word or its folded
    form, which a document's folded text holds wherever its text holds the word ("'thủ' & 'tục'"
    implies "('thủ' | 'thu') & 'tuc'")."""
    groups = _groups(plain)
    return all(
        any(all(word in wanted or _lexeme(fold(word.strip("'"))) in wanted for word in group) for group in groups)
        for wanted in _groups(other)
    )


def _how_many(cursor, column, plain, where, params):
    """How many documents hold these plain words, counted up to FEW[column] through the GIN index."""
    probe = f"SELECT 1 FROM search_searchdocument WHERE {column} @@ to_tsquery('simple', %s){where} LIMIT %s"  # noqa: S608
    cursor.execute(f"SELECT count(*) FROM ({probe}) AS probe", [plain, *params, FEW[column]])  # noqa: S608
    return cursor.fetchone()[0]


def _many_by_statistics(column, plain, where):
    """Whether PostgreSQL's statistics already show FEW or more documents holding these words:
    then they are not counted (listing every match of common words costs more than the rest of
    a search). Only for the text vector, whose statistics these are, and without filters."""
    return column == "vector" and not where and _surely_more(plain, SURELY_MORE * FEW[column])


def _surely_more(plain, than):
    """Whether more than `than` documents hold these plain words (a tsquery of words joined by &
    and |, at most one level of brackets) by PostgreSQL's statistics of the text vectors, taken
    as a floor: words joined by & as independent (the syllables of a Vietnamese word go together,
    so they are found together more often than that), words joined by | as the commonest one.
    Without statistics (a database never analysed), never."""
    known = frequencies()
    if not known:
        return False
    share = 1.0
    for group in plain.split(" & "):
        share *= max(known.get(lexeme.strip("()' "), 0.0) for lexeme in group.split(" | "))
    return share * _statistics["rows"] > than


def _rounded(estimate):
    """An estimate to two significant figures (34,137 → 34,000): it is no more precise than that."""
    estimate = int(estimate)
    return estimate if estimate < 100 else round(estimate, 2 - len(str(estimate)))


def _estimate(cursor, sql, params):
    """How many rows PostgreSQL expects `sql` to give, from its statistics (EXPLAIN, no scan)."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def count_by_type(cursor, words, filters, types, cap):
    """({type: documents holding any of the key words}, approximate).

    Up to `cap` matches are counted exactly, in one pass through the GIN index (a plain list of
    words needs no second look at the rows, so no text vector is read). Past that, reading every
    match is what made ranked search slow: the counts are PostgreSQL's own estimates from its
    statistics of the words (EXPLAIN, no scan), never below what was counted. When the statistics
    of the words (`frequencies`) already put the matches far above the cap, nothing is counted:
    for the commonest syllables, listing every match costs more than all the rest of a search.
    """
    where, params = where_clause(filters.without_types())
    query = any_word(words.terms)
    matching = f"SELECT type FROM search_searchdocument WHERE vector @@ to_tsquery('simple', %s){where}"  # noqa: S608
    cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
    counted = {}
    if where or not _surely_more(query, SURELY_MORE * cap):
        cursor.execute(
            f"SELECT type, count(*) FROM ({matching} LIMIT %s) AS matched GROUP BY type",  # noqa: S608
            [query, *params, cap + 1],
        )
        counted = dict(cursor.fetchall())
        if sum(counted.values()) <= cap:
            return counted, False
    estimated, shares = {}, type_shares()
    # PostgreSQL estimates the matches of a common type as all the matches times the type's share
    # of the documents (its statistics list the commonest types): one EXPLAIN for those, not one
    # per type (each is planned: 2 to 4 ms); a rarer type is asked on its own.
    everything = _estimate(cursor, matching, [query, *params]) if shares else None
    for kind in types:
        if kind in shares:
            estimate = everything * shares[kind]
        else:
            estimate = _estimate(cursor, f"{matching} AND type = %s", [query, *params, kind])
        estimated[kind] = max(_rounded(estimate), counted.get(kind, 0))
    return {kind: count for kind, count in estimated.items() if count}, True


def frequencies():
    """{word: share of documents holding it} for the commonest words, from PostgreSQL's
    statistics of the vectors (ANALYZE keeps the commonest lexemes of a tsvector column); a word
    not listed is rarer than any listed. Read once every STATISTICS_SECONDS per process."""
    now = time.monotonic()
    if _statistics["read_at"] is None or now - _statistics["read_at"] > STATISTICS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples, "
                "t.most_common_vals::text::text[], t.most_common_freqs "
                "FROM pg_class AS c LEFT JOIN pg_stats AS s ON s.tablename = c.relname AND s.attname = 'vector' "
                "LEFT JOIN pg_stats AS t ON t.tablename = c.relname AND t.attname = 'type' "
                "WHERE c.relname = 'search_searchdocument'"
            )
            words, shares, rows, kinds, kind_shares = cursor.fetchone() or (None, None, 0, None, None)
        # The shares end with three more figures (the least and greatest share, and empty rows).
        _statistics["words"] = dict(zip(words, shares, strict=False)) if words else {}
        _statistics["rows"] = max(rows, 0)
        _statistics["types"] = dict(zip(kinds, kind_shares, strict=True)) if kinds else {}
        _statistics["read_at"] = now
    return _statistics["words"]


def type_shares():
    """{type: share of the documents} by PostgreSQL's statistics ({} before any ANALYZE)."""
    frequencies()
    return _statistics["types"]


def frequency(word):
    """The share of documents holding this word (as typed or folded), 0 if it is not among the
    commonest."""
    return frequencies().get(word, 0.0)


STATISTICS_SECONDS = 600
_statistics = {"read_at": None, "words": {}, "rows": 0, "types": {}}
