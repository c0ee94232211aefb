"""`make bench-http` reads wrk's report and judges the issue's targets (#13) from it; wrong numbers
there would print a wrong verdict in bench/README.md. No server is started here."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.http import HEADERS, BenchError, Row, WrkResult, check_ok, parse_wrk, table, targets

WRK_REPORT = """\
Running 10s test @ http://127.0.0.1:41234/van-ban/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   211.53ms   40.12ms   1.02s    80.00%
    Req/Sec    36.51     10.20    60.00     70.00%
  Latency Distribution
     50%  205.00ms
     75%  230.00ms
     90%  260.00ms
     99%    1.02s
  730 requests in 10.01s, 12.50MB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 2
Requests/sec:     72.93
Transfer/sec:      1.25MB
"""


def test_wrk_report_becomes_rate_and_latencies_in_milliseconds():
    result = parse_wrk(WRK_REPORT)
    assert result.requests_per_second == pytest.approx(72.93)
    assert result.p50_ms == pytest.approx(205.0)
    assert result.p99_ms == pytest.approx(1020.0)
    assert result.requests == 730
    assert result.non_2xx_3xx == 2
    assert result.socket_errors == 3


def test_microseconds_are_read_as_fractions_of_a_millisecond():
    report = WRK_REPORT.replace("205.00ms", "850.00us").replace("   1.02s", "  14.20ms")
    result = parse_wrk(report)
    assert result.p50_ms == pytest.approx(0.85)
    assert result.p99_ms == pytest.approx(14.2)


def test_a_report_without_latencies_is_refused():
    with pytest.raises(ValueError):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


def result(rps, p99_ms=5.0):
    return WrkResult(requests_per_second=rps, p50_ms=p99_ms / 2, p99_ms=p99_ms, requests=int(rps * 10))


def rows(**uncached_rates):
    """Hello at 1,000 req/s on both servers; each page cached at 800 req/s with p99 10 ms."""
    listed = [Row("hello", "hello", result(1000), result(1000))]
    for key, rate in uncached_rates.items():
        listed.append(Row(key, key, result(800, p99_ms=10), result(rate)))
    return listed


def test_cached_target_needs_both_the_share_and_the_p99():
    measured = rows(home=10)
    measured.append(Row("tracker", "tracker", result(800, p99_ms=15), result(10)))
    measured.append(Row("story", "story", result(690), result(10)))
    verdicts = targets(measured)
    assert verdicts["home"][0].endswith(": met")
    assert verdicts["tracker"][0].endswith("not met")  # p99 of 15 ms is not under 15 ms
    assert verdicts["story"][0].endswith("not met")  # 0.69 of hello
    assert verdicts["hello"] == ("", "")


def test_uncached_targets_policy_search_and_large_draft_against_the_policy():
    verdicts = targets(rows(policy=65, search=29, large=33))
    assert verdicts["policy"][1] == "≥0.065: met"
    assert verdicts["search"][1] == "≥0.030: not met"
    assert verdicts["large"][1] == "≥0.033 (half the policy's target): met; ≥0.033 (half the policy's share): met"
    # A policy page above its target raises the stricter of the two bars only.
    assert targets(rows(policy=80, large=39))["large"][1] == (
        "≥0.033 (half the policy's target): met; ≥0.040 (half the policy's share): not met"
    )
    assert targets(rows(policy=80, large=30))["large"][1].startswith("≥0.033 (half the policy's target): not met")


def test_healthz_gets_no_page_target():
    assert targets(rows(healthz=900))["healthz"] == ("", "")


def test_table_shows_shares_of_hello_measured_on_the_same_server():
    measured = rows(policy=65)
    measured[0].cached = result(2000)
    markdown = table(measured)
    lines = markdown.splitlines()
    assert lines[0].startswith("| URL | cached req/s | p50 | p99 | share of hello | uncached req/s")
    policy = next(line for line in lines if line.startswith("| policy "))
    cells = [cell.strip() for cell in policy.strip("|").split("|")]
    assert cells[1:5] == ["800", "5.0 ms", "10 ms", "0.400"]
    assert cells[5:9] == ["65.0", "2.5 ms", "5.0 ms", "0.065"]


seen = []  # the X-Forwarded-Proto of each request the fake server received


class Answers(BaseHTTPRequestHandler):
    """/ok answers 200; /moved redirects to HTTPS, as the site would without the proxy's header."""

    def do_GET(self):
        seen.append(self.headers.get("X-Forwarded-Proto"))
        if self.path == "/ok":
            self.send_response(200)
        else:
            self.send_response(301)
            self.send_header("Location", "https://127.0.0.1" + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class FakeGunicorn:
    name = "cached"

    def __init__(self, port):
        self.port = port

    def log_text(self):
        return "the log of gunicorn"


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    seen.clear()
    yield FakeGunicorn(httpd.server_address[1])
    httpd.shutdown()
    httpd.server_close()


def test_a_url_answering_200_passes_the_check_and_is_asked_as_behind_the_https_proxy(server):
    check_ok(server, "/ok")
    assert seen == [HEADERS["X-Forwarded-Proto"]] == ["https"]


def test_a_redirect_stops_the_run_with_its_status_target_and_the_log(server):
    with pytest.raises(BenchError) as refused:
        check_ok(server, "/moved")
    message = str(refused.value)
    assert "/moved answered 301 → https://127.0.0.1/moved" in message
    assert "not measured" in message
    assert "the log of gunicorn" in message
