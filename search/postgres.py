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
rare word). Title tiers check the small title vector kept in the row; the text vector, stored
out of line, is read only by the later tiers and to rank the rows kept. Those are ordered by
tier, then cover density (`ts_rank_cd`, which rewards words standing close together). How many
documents match is counted first, per type, through the GIN index and up to a cap; when all the
matches were counted and are few enough to be candidates, all of them are read at once, each with
the strictest tier it reaches, instead of asking tier by tier (`search`).

The limit known to remain: words that are each very common but never side by side (no real
query of the benchmark) make a phrase tier walk most of the archive before giving up.
"""

import json
from collections import namedtuple

from django.conf import settings
from django.db import connection, transaction

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


def tiers(typed, folded):
    """[(column, tsquery, plain)] of the tiers, strictest first, without repeats. Words are \\w+.

    `plain` is the same words with neither positions nor weights: what the GIN index answers
    exactly, without reading the rows. Title tiers read the small `title_vector`; words typed
    without any diacritic skip the "as typed" tiers, which would only find rare text written
    without them.
    """
    typed, folded = typed[:8], folded[:8]
    with_marks = typed != folded

    def phrase(words, weights=""):
        return " <-> ".join(_lexeme(word, weights) for word in words)

    def every(words, weights=""):
        return " & ".join(_lexeme(word, weights) for word in words)

    def either(word_typed, word_folded):
        return _lexeme(word_typed) if word_typed == word_folded else f"({_lexeme(word_typed)} | {_lexeme(word_folded)})"

    both = " & ".join(either(t, f) for t, f in zip(typed, folded, strict=False))
    found = [
        ("title_vector", phrase(typed, "A"), every(typed)) if with_marks else None,
        ("title_vector", every(typed, "A"), every(typed)) if with_marks else None,
        ("title_vector", phrase(folded, "B"), every(folded)),
        ("title_vector", every(folded, "B"), every(folded)),
        ("vector", phrase(typed, "AC"), every(typed)) if with_marks else None,
        ("vector", every(typed, "AC"), every(typed)) if with_marks else None,
        ("vector", phrase(folded), every(folded)),
        ("vector", both, both),
        ("vector", any_word(typed, folded), any_word(typed, folded)),
    ]
    return list(dict.fromkeys(tier for tier in found if tier))


def any_word(typed, folded):
    return " | ".join(_lexeme(word) for word in dict.fromkeys(typed + folded))


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
# index; a commoner one by walking the newest documents until enough are found. Walking title
# tiers reads the date index alone, so it pays sooner than walking the text (TOAST reads).
FEW = {"title_vector": 500, "vector": 2000}


def search(typed, folded, filters, limit, types, cap, newest_first=False):
    """([Candidate] for at most `limit` documents, best first by tier; {type: count}, approximate)
    in one transaction (see `count_by_type` for the counts).

    The counting comes first: when every document holding any of the words was counted (at most
    `cap`) and they are no more than `limit`, every one of them is a candidate whatever the tiers,
    so all of them are read in one query that works out each one's tier (`all_candidates`),
    instead of a probe and a read per tier. Otherwise, tier by tier (`candidates`)."""
    with transaction.atomic(), connection.cursor() as cursor:
        counts, approximate = count_by_type(cursor, typed, folded, filters, types, cap)
        if not approximate and sum(counts.values()) <= limit:
            found = all_candidates(cursor, typed, folded, filters, newest_first) if counts else []
        else:
            found = candidates(cursor, typed, folded, filters, limit, newest_first)
    return found, counts, approximate


def _queries(typed, folded, newest_first):
    """(rank query, [(column, tsquery, plain)] of the tiers): with `newest_first`, one tier, any word."""
    rank_query = any_word(typed, folded)
    return rank_query, [("vector", rank_query, rank_query)] if newest_first else tiers(typed, folded)


def _candidate(tier, rank, page_id, kind, date, agencies, sectors, areas, *consultation):
    # A raw cursor hands jsonb over as text.
    ids = [json.loads(value) for value in (agencies, sectors, areas)]
    return Candidate(tier, rank, page_id, kind, date, *ids, *consultation)


def all_candidates(cursor, typed, folded, filters, newest_first=False):
    """[Candidate] for every document holding any of the words, as `candidates` gives them when
    it takes them all: by the strictest tier each reaches, newest first within a tier, ranked
    over the tier's column. For a number of documents small enough to read each one whole."""
    where, params = where_clause(filters)
    rank_query, queries = _queries(typed, folded, newest_first)
    tier_cases = " ".join(
        f"WHEN {column} @@ to_tsquery('simple', %s) THEN {i}" for i, (column, _, _) in enumerate(queries)
    )
    title_tiers = [i for i, (column, _, _) in enumerate(queries) if column == "title_vector"] or [-1]
    cursor.execute(
        f"""
        SELECT tier, CASE WHEN tier = ANY(%s) THEN ts_rank_cd(title_vector, to_tsquery('simple', %s))
            ELSE ts_rank_cd(vector, to_tsquery('simple', %s)) END, {COLUMNS}
        FROM (
            SELECT *, CASE {tier_cases} ELSE {len(queries)} END AS tier
            FROM search_searchdocument
            WHERE vector @@ to_tsquery('simple', %s){where}
        ) AS matched
        ORDER BY tier, date DESC NULLS LAST, page_id DESC
        """,  # noqa: S608 - the conditions are fixed text; values are parameters
        [title_tiers, rank_query, rank_query, *(query for _, query, _ in queries), rank_query, *params],
    )
    return [_candidate(*row) for row in cursor.fetchall()]


def candidates(cursor, typed, folded, filters, limit, newest_first=False):
    """[Candidate] for at most `limit` documents, tier by tier (see the module); with
    `newest_first`, simply the newest documents holding any of the words."""
    where, params = where_clause(filters)
    taken, found = [], []
    rank_query, queries = _queries(typed, folded, newest_first)
    together, reading_few = {}, None
    for tier, (column, query, plain) in enumerate(queries):
        if len(found) >= limit:
            break
        # PostgreSQL misjudges how common a phrase or a weighted word is, and prices neither
        # reading a text vector nor walking an index: it is told which way to go, from how
        # many documents hold the words at all (tiers sharing their words share the count).
        if (column, plain) not in together:
            probe = f"SELECT 1 FROM search_searchdocument WHERE {column} @@ to_tsquery('simple', %s){where} LIMIT %s"  # noqa: S608
            cursor.execute(f"SELECT count(*) FROM ({probe}) AS probe", [plain, *params, FEW[column]])  # noqa: S608
            together[column, plain] = cursor.fetchone()[0]
        if not together[column, plain]:
            continue
        few = together[column, plain] < FEW[column]
        if few != reading_few:
            reading_few = few
            cursor.execute(
                "SELECT set_config('enable_indexscan', %s, true), set_config('enable_indexonlyscan', %s, true), "
                "set_config('enable_bitmapscan', %s, true), set_config('enable_seqscan', %s, true)",
                ["off" if few else "on", "off" if few else "on", "on" if few else "off", "on" if few else "off"],
            )
        cursor.execute(
            f"""
            SELECT ts_rank_cd({column}, to_tsquery('simple', %s)), {COLUMNS}
            FROM search_searchdocument JOIN (
                -- For a title tier, a walk of the date index alone (it carries the title).
                SELECT page_id FROM search_searchdocument
                WHERE {column} @@ to_tsquery('simple', %s){where} AND NOT (page_id = ANY(%s))
                ORDER BY date DESC NULLS LAST, page_id DESC
                LIMIT %s
            ) AS kept USING (page_id)  -- ranked here: only the rows kept are read in full
            ORDER BY date DESC NULLS LAST, page_id DESC
            """,  # noqa: S608 - the conditions are fixed text; values are parameters
            [rank_query, query, *params, taken, limit - len(found)],
        )
        for row in cursor.fetchall():
            taken.append(row[1])
            found.append(_candidate(tier, *row))
    return found


def _rounded(estimate):
    """An estimate to two significant figures (34,137 → 34,000): it is no more precise than that."""
    estimate = int(estimate)
    return estimate if estimate < 100 else round(estimate, 2 - len(str(estimate)))


def count_by_type(cursor, typed, folded, filters, types, cap):
    """({type: documents holding any of the words}, approximate).

    Up to `cap` matches are counted exactly, in one pass through the GIN index (a plain list of
    words needs no second look at the rows, so no text vector is read). Past that, reading every
    match is what made ranked search slow: the counts are PostgreSQL's own estimates from its
    statistics of the words (EXPLAIN, no scan), never below what was counted.
    """
    where, params = where_clause(filters.without_types())
    query = any_word(typed, folded)
    matching = f"SELECT type FROM search_searchdocument WHERE vector @@ to_tsquery('simple', %s){where}"  # noqa: S608
    cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
    cursor.execute(
        f"SELECT type, count(*) FROM ({matching} LIMIT %s) AS matched GROUP BY type",  # noqa: S608
        [query, *params, cap + 1],
    )
    counted = dict(cursor.fetchall())
    if sum(counted.values()) <= cap:
        return counted, False
    estimated = {}
    for kind in types:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {matching} AND type = %s", [query, *params, kind])  # noqa: S608
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        estimated[kind] = max(_rounded(plan[0]["Plan"]["Plan Rows"]), counted.get(kind, 0))
    return {kind: count for kind, count in estimated.items() if count}, True
