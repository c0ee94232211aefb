"""Per-request memoisation: what several parts of one page read (the protected sections of the
site, the home page's sections) is looked up once per request, and never outlives it.

Nothing here is cached between requests, so nothing needs invalidating: a reader sees a change
on the very next request. Outside a request (a management command, a test calling a function
directly) every call computes afresh.
"""

from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


def once_per_request(key, compute):
    """`compute()` the first time `key` is asked for in this request; the same value after."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    """Opens an empty memo for each request and drops it when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
