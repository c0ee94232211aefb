"""Queries a page runs on every request, turned into SQL once per process rather than once per
request (issue #13: a page made without the page cache or the per-worker data cache).

Django turns a queryset into SQL afresh each time it runs: for a policy page made without any
cache, its ten queries spent about as long being compiled (the columns of each model and of
each joined one, the joins, the ordering) as PostgreSQL took to answer them, and most of them
have the same shape on every request, only their values change (the page's id, the host name).
`run(key, build, *values)` gives `list(build(*values))`: the first time a key is asked for, the
queryset is compiled as usual and its SQL kept with where each value goes in it; later calls
run that SQL with the new values through the same Django code that turns rows into objects
(model instances, their joined relations, `values_list` tuples). The data is read from the
database every time: nothing here outlives the SQL text.

A value is an `int` or a `str`, or a list or tuple of them (its length is part of the shape).
What the SQL depends on besides the values (a model, which relations are joined, a prefix
matched with LIKE) belongs in `key`. A queryset whose SQL changes with its values, or a value
the query transforms (a LIKE pattern, a lower-cased string), is found out when its shape is
first compiled, and is then compiled on every call, as before.
"""

import copy
import logging
import threading
from itertools import count

from django.core.exceptions import EmptyResultSet
from django.db import connections

logger = logging.getLogger(__name__)

# Per thread, so that nothing kept is shared between threads (a threaded server, `make run`'s
# runserver or a live-server test, answers each request in its own thread; what is kept holds no
# connection, see _Prepared). A sync gunicorn worker has one thread: it compiles each query once.
_local = threading.local()
_generation = [0]
# Values, each different, to see where each value lands in the SQL's params; they are only
# compiled, never run. Within the range of an integer column, positive or not: Django leaves a
# condition out of the SQL when its value is beyond its column's (a negative depth for Wagtail's
# PositiveIntegerField once left the pages along a URL compiled afresh on every request).
_probe_ints = count(1_900_000_001)
_NOT_PREPARED = object()


def _shape(values):
    return tuple(len(value) if isinstance(value, list | tuple) else type(value) for value in values)


def _probe(value):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"a prepared query's value is an int or a str, not {type(value).__name__}")
    number = next(_probe_ints)
    return number if isinstance(value, int) else f"\x1fprobe{number}"


def _probes(values):
    return [[_probe(v) for v in value] if isinstance(value, list | tuple) else _probe(value) for value in values]


def _flat(values):
    for value in values:
        if isinstance(value, list | tuple):
            yield from value
        else:
            yield value


class _Prepared:
    """A queryset compiled once: what its compiler worked out (what it selects, how rows become
    objects), its SQL and, for each of the SQL's params, the index of the value that goes there
    (None: a constant).

    No connection is kept: each run takes the connection Django gives this thread for the
    queryset's database at that moment (`connections[using]`), as a queryset's own run does, so
    Django's checks apply as usual (a connection closed when the database went away, found
    unusable by CONN_HEALTH_CHECKS, or replaced by a test or a settings change)."""

    def __init__(self, queryset, compiler, sql, params, slots):
        self.queryset, self.sql, self.params, self.slots = queryset, sql, params, slots
        self.compiler = copy.copy(compiler)
        self.compiler.connection = None
        self.fields = [column[0] for column in compiler.select[: compiler.col_count]]
        # The converters for the connection they were worked out for (they are asked for the
        # connection's operations and its fields' database types).
        self.converters_for = (None, None)

    def converters(self, compiler):
        connection, converters = self.converters_for
        if connection is not compiler.connection:
            converters = type(compiler).get_converters(compiler, self.fields)
            self.converters_for = (compiler.connection, converters)
        return converters

    def bound_compiler(self, flat_values, using=None, connection=None, elide_empty=True):
        params = tuple(self.params[i] if slot is None else flat_values[slot] for i, slot in enumerate(self.slots))
        compiler = copy.copy(self.compiler)
        compiler.using = using
        compiler.connection = connection if connection is not None else connections[using]
        converters = self.converters(compiler)
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        compiler.get_converters = lambda expressions: converters
        return compiler

    def run(self, values):
        queryset = self.queryset._chain()
        flat_values = list(_flat(values))
        queryset.query.get_compiler = lambda *args, **kwargs: self.bound_compiler(flat_values, *args, **kwargs)
        return list(queryset)


def _compiled(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _prepare(build, values):
    """A `_Prepared` for `build`'s shape, or `_NOT_PREPARED` when its SQL is not the same whatever
    the values or a value does not reach the SQL as it was given."""
    probes, other_probes = _probes(values), _probes(values)
    try:
        queryset = build(*probes)
        sql, params = _compiled(queryset)
        other_sql, other_params = _compiled(build(*other_probes))
    except EmptyResultSet:
        return _NOT_PREPARED
    if sql != other_sql or len(params) != len(other_params):
        return _NOT_PREPARED
    where = {probe: index for index, probe in enumerate(_flat(probes))}
    other_where = {probe: index for index, probe in enumerate(_flat(other_probes))}
    slots = []
    for param, other_param in zip(params, other_params, strict=True):
        slot = where.get(param) if isinstance(param, int | str) and not isinstance(param, bool) else None
        if slot is None and param != other_param:
            return _NOT_PREPARED  # a value transformed on its way (e.g. "abc%" for a prefix)
        if slot is not None and other_where.get(other_param) != slot:
            return _NOT_PREPARED
        slots.append(slot)
    if set(where.values()) - set(slots):
        return _NOT_PREPARED  # a value that did not reach the params as given
    # Built afresh and compiled as a queryset's execution would, so that the compiler kept (what it
    # selects, how rows become objects) is the one that made the SQL kept.
    queryset = build(*probes)
    compiler = queryset.query.get_compiler(using=queryset.db)
    if compiler.as_sql() != (sql, params):
        return _NOT_PREPARED
    return _Prepared(queryset, compiler, sql, params, slots)


def run(key, build, *values):
    """`list(build(*values))`, with `build`'s SQL compiled once per process for `key` and the
    shape of `values` (see the module's docstring)."""
    full_key = (key, _shape(values))
    kept = _kept()
    prepared = kept.get(full_key)
    if prepared is None:
        prepared = kept[full_key] = _prepare(build, values)
        if prepared is _NOT_PREPARED:
            logger.debug("Query %r is compiled on every call: its SQL depends on its values.", key)
    if prepared is _NOT_PREPARED:
        return list(build(*values))
    return prepared.run(values)


def _kept():
    """This thread's compiled queries (emptied when `clear` was called since)."""
    if getattr(_local, "generation", None) != _generation[0]:
        _local.generation, _local.prepared = _generation[0], {}
    return _local.prepared


def clear():
    """Forget every compiled query, in every thread (tests)."""
    _generation[0] += 1
