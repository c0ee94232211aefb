"""`make bench-soak`: no comment lost when the database fails (issue #13, item 4).

Starts, all on 127.0.0.1 and all stopped at exit: a throwaway PostgreSQL cluster this runner can
stop and start, a throwaway Redis (CACHE_URL), the demo content, gunicorn with the production
settings (NUM_PROXIES=1, so each simulated citizen comes from its own address), then locust
headless (bench/soak/locustfile.py): 20 comment submissions and 200 page views a second. In the
middle of the run PostgreSQL is stopped (`pg_ctl stop -m fast`) for 20 seconds and started again,
while a probe asks for the comment form (a page read from the database, never cached) every
100 ms. At the end the runner counts, from the database, what became of every submission.

    .venv/bin/python bench/soak/run.py [--minutes 10] [--outage-seconds 20] [--workers 4]

Exit status 1 when a comment was lost or stored twice, or the site took 5 s or more to recover.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
RECOVERY_LIMIT_SECONDS = 5.0
PROBE_EVERY_SECONDS = 0.1

DISCOVER = """
import json
from consultations.status import Status
from dialogues.models import CommitmentTrackerPage
from home.models import HomePage
from policies.models import PolicyIndexPage, PolicyPage
from stories.models import ModelStoryPage
open_drafts = [p for p in PolicyPage.objects.live() if p.consultation and p.consultation.status == Status.OPEN]
draft = open_drafts[0]
pages = ["/", draft.url, "/tim-kiem/?q=d%C3%A2n"]
for model in (PolicyIndexPage, ModelStoryPage, CommitmentTrackerPage):
    page = model.objects.live().first()
    if page is not None:
        pages.append(page.url)
print(json.dumps({"form": draft.url + draft.comment_path + "/", "pages": pages}))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Postgres:
    """A throwaway cluster, as scripts/with-test-postgres makes one, that can be stopped and
    started; as root it runs as the `postgres` user."""

    def __init__(self, workdir):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not bins:
            sys.exit("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin.")
        self.bin = bins[-1].parent
        self.dir = workdir / "postgres"
        self.dir.mkdir()
        self.port = free_port()
        self.run_as = []
        if os.geteuid() == 0:
            if subprocess.run(["id", "postgres"], capture_output=True).returncode:
                subprocess.run(
                    ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"],
                    check=True,
                )
            self.run_as = ["runuser", "-u", "postgres", "--"]
            os.chmod(workdir, 0o755)
            shutil.chown(self.dir, "postgres")
        self.url = f"postgres://postgres@/soak?host={self.dir}&port={self.port}"

    def _run(self, *args, check=True):
        return subprocess.run([*self.run_as, *args], capture_output=True, text=True, check=check)

    def create(self):
        self._run(
            f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-U", "postgres", "-A", "trust",
            "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        self._run(f"{self.bin}/createdb", "-h", str(self.dir), "-p", str(self.port), "-U", "postgres", "soak")

    def start(self):
        # fsync off: the machine does not crash in this scenario, the server does; every commit
        # is still written to the WAL before it is acknowledged (synchronous_commit stays on).
        options = f"-p {self.port} -k {self.dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        self._run(f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/server.log", "-w", "-t", "60",
                  "-o", options, "start")  # fmt: skip

    def stop(self, mode="fast"):
        self._run(f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", mode, "-w", "stop", check=False)

    def query(self, sql):
        with psycopg.connect(host=str(self.dir), port=self.port, user="postgres", dbname="soak") as conn:
            return conn.execute(sql).fetchall()


class Probe(threading.Thread):
    """Asks for a page every 100 ms and notes when it answered 200 and when it did not."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url = url
        self.answers = []  # (time, status)
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            started = time.time()
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            self.answers.append((time.time(), status))
            self.stopping.wait(max(0.0, PROBE_EVERY_SECONDS - (time.time() - started)))

    def first_ok_after(self, moment):
        return next((at for at, status in self.answers if at >= moment and status == 200), None)

    def first_failure_after(self, moment):
        return next((at for at, status in self.answers if at >= moment and status != 200), None)


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def rate_at_normal_times(results, locust_env):
    """Submissions started per second outside the outage window and before new ones stop.

    The whole run's average also counts the outage, the recovery window and the last seconds in
    which no submission starts; this is the rate the scenario held while the site could store.
    """
    outage_from, outage_to = float(locust_env["SOAK_OUTAGE_FROM"]), float(locust_env["SOAK_OUTAGE_TO"])
    stop_new_at = float(locust_env["SOAK_STOP_NEW_AT"])
    starts = [row["started_at"] for row in results["submissions"] if "started_at" in row]
    if not starts:
        return "none"
    first = min(starts)
    normal = [at for at in starts if at < outage_from or outage_to < at <= stop_new_at]
    seconds = (stop_new_at - first) - max(0.0, min(outage_to, stop_new_at) - max(outage_from, first))
    return f"{len(normal)} ({len(normal) / seconds:.1f}/s over {seconds:.0f} s)"


def counts(results, stored_bodies):
    """What became of the submissions: the numbers the issue asks for."""
    markers = Counter()
    for body in stored_bodies:
        for marker in re.findall(r"soak-[0-9a-f]{32}", body):
            markers[marker] += 1
    sent = [s for s in results["submissions"] if s["posts"]]
    acknowledged = [s for s in sent if s["acknowledged"]]
    stored = [s for s in sent if markers[s["marker"]]]
    return {
        "sent": len(sent),
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "duplicated": sum(1 for s in sent if markers[s["marker"]] > 1),
        "lost": sum(1 for s in acknowledged if not markers[s["marker"]]),
        "never acknowledged": len(sent) - len(acknowledged),
        "of which still waiting for an answer when the run ended": sum(1 for s in sent if s.get("waiting")),
        "of which stored": sum(1 for s in sent if not s["acknowledged"] and markers[s["marker"]]),
        "given the 'keeps your text' page": sum(1 for s in sent if s.get("kept_text")),
        "acknowledged after a resend": sum(1 for s in acknowledged if s["posts"] > 1),
        "stored but never sent by this run": len(set(markers) - {s["marker"] for s in sent}),
    }


def table(rows, headers):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    lines = [
        "| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "| " + " | ".join("-" * w for w in widths) + " |",
    ]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10, help="length of the run (default 10; 2 for a trial)")
    parser.add_argument("--outage-seconds", type=float, default=20, help="how long PostgreSQL is stopped")
    parser.add_argument("--submissions", type=float, default=20, help="comment submissions a second")
    parser.add_argument("--views", type=float, default=200, help="page views a second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--keep", type=Path, help="copy the logs (server, PostgreSQL, locust) to this directory")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    # Stopped from outside: still stop every server and remove the cluster (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    workdir = Path(tempfile.mkdtemp(prefix="bench-soak."))
    processes = []
    postgres = Postgres(workdir)
    logs = contextlib.ExitStack()
    try:
        log("PostgreSQL: a throwaway cluster")
        postgres.create()
        log("Redis: a throwaway server")
        redis_socket = workdir / "redis.sock"
        redis = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", str(redis_socket), "--unixsocketperm", "700",
             "--save", "", "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        processes.append(redis)
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": postgres.url,
            "CACHE_URL": f"unix://{redis_socket}",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "NUM_PROXIES": "1",
            "STATIC_ROOT": str(workdir / "static"),
            "PYTHONUNBUFFERED": "1",
        }

        def manage(*command):
            return subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, text=True
            ).stdout

        log("The demo content, with the production settings")
        manage("migrate", "--noinput", "-v", "0")
        manage("load_demo")
        manage("collectstatic", "--noinput", "-v", "0")
        site = json.loads(manage("shell", "-c", DISCOVER).strip().splitlines()[-1])
        base = f"http://127.0.0.1:{port}"
        log(f"gunicorn, {args.workers} workers, on {base}")
        server_log = logs.enter_context((workdir / "server.log").open("w"))
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--timeout", "30", "--backlog", "2048"],
            cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        processes.append(server)
        wait_for(base + "/healthz")

        seconds = round(args.minutes * 60)
        outage_at = max(10.0, seconds / 2 - args.outage_seconds / 2)
        started = time.time()
        results_file = workdir / "locust-results.json"
        locust_env = {
            **env,
            "SOAK_FORM_URL": site["form"],
            "SOAK_PAGES": json.dumps(site["pages"]),
            "SOAK_SUBMISSIONS_PER_SECOND": str(args.submissions),
            "SOAK_VIEWS_PER_SECOND": str(args.views),
            "SOAK_STOP_NEW_AT": str(started + seconds - 20),
            "SOAK_RESULTS": str(results_file),
            # Responses from the stop to 10 s after the restart are counted apart.
            "SOAK_OUTAGE_FROM": str(started + outage_at + 1),
            "SOAK_OUTAGE_TO": str(started + outage_at + 1 + args.outage_seconds + 10),
        }
        log(
            f"locust: {args.submissions:g} submissions/s + {args.views:g} page views/s for {seconds} s; "
            f"PostgreSQL stopped at {outage_at:.0f} s for {args.outage_seconds:g} s"
        )
        locust = subprocess.Popen(
            [str(Path(PYTHON).parent / "locust"), "-f", str(ROOT / "bench/soak/locustfile.py"), "--headless",
             "--host", base, "--users", str(round(args.submissions * 8 + args.views * 2)), "--spawn-rate", "100",
             "--run-time", f"{seconds}s", "--stop-timeout", "30", "--only-summary",
             "--loglevel", "WARNING", "--logfile", str(workdir / "locust.log")],
            cwd=ROOT, env=locust_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        processes.append(locust)

        probe = Probe(base + site["form"])
        time.sleep(max(0.0, started + outage_at - 10 - time.time()))
        probe.start()
        time.sleep(max(0.0, started + outage_at + 1 - time.time()))
        stopped_at = time.time()
        log("PostgreSQL: stop -m fast")
        postgres.stop("fast")
        time.sleep(max(0.0, stopped_at + args.outage_seconds - time.time()))
        log("PostgreSQL: start")
        postgres.start()
        restarted_at = time.time()
        log("PostgreSQL: accepting connections again")
        deadline = time.time() + 60
        while probe.first_ok_after(restarted_at) is None and time.time() < deadline:
            time.sleep(0.1)
        probe.stopping.set()
        first_ok = probe.first_ok_after(restarted_at)
        first_failure = probe.first_failure_after(stopped_at)
        before = [at for at, status in probe.answers if at < stopped_at and status == 200]
        probe_before = f"{sum(1 for _ in before)} answers of 200 in the 10 s before the stop"
        recovery = None if first_ok is None else first_ok - restarted_at
        log("Waiting for locust to finish")
        locust.wait(timeout=seconds + 120)

        results = json.loads(results_file.read_text())
        bodies = [row[0] for row in postgres.query("SELECT body FROM consultations_comment WHERE body LIKE '%soak-%'")]
        numbers = counts(results, bodies)
        statuses = Counter(results["statuses"])
        elapsed = time.time() - started
        normal_rate = rate_at_normal_times(results, locust_env)
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        postgres.stop("immediate")
        logs.close()
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name in ("server.log", "locust.log", "postgres/server.log"):
                if (workdir / name).exists():
                    shutil.copy(workdir / name, args.keep / name.replace("/", "-"))
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"Soak: {args.minutes:g} min, {args.submissions:g} submissions/s + {args.views:g} page views/s, "
          f"PostgreSQL stopped for {args.outage_seconds:g} s, gunicorn {args.workers} sync workers")  # fmt: skip
    print()
    print(table([(name, n) for name, n in numbers.items()], ["submissions", "count"]))
    print()
    by_phase = {}
    for key, n in statuses.items():
        name, phase = key.split("|")
        by_phase.setdefault(name, Counter())[phase] += n
    errors = [
        (name, phases["normal"], phases["outage"])
        for name, phases in sorted(by_phase.items())
        if not re.search(r" (200|302)$", name)
    ]
    print(table(errors or [("none", 0, 0)], ["errors by status", "at normal times", "stop to 10 s after restart"]))
    print()
    served = sum(sum(phases.values()) for name, phases in by_phase.items() if name.startswith("GET "))
    print(table([
        ("page views and forms served (all statuses)", f"{served} ({served / elapsed:.0f}/s)"),
        ("comments sent", f"{numbers['sent']} ({numbers['sent'] / elapsed:.1f}/s)"),
        ("comments started while the database was up", normal_rate),
        ("probe before the stop", probe_before),
        ("probe: first failure after the stop", f"{first_failure - stopped_at:.1f} s" if first_failure else "none"),
        ("recovery: restart to the first 200 of the comment form",
         f"{recovery:.2f} s" if recovery is not None else "never"),
    ], ["measure", "value"]))  # fmt: skip
    ok = numbers["lost"] == 0 and numbers["duplicated"] == 0 and recovery is not None
    ok = ok and recovery < RECOVERY_LIMIT_SECONDS
    print()
    print("PASS: 0 lost, 0 duplicated, recovered in under 5 s" if ok else "FAIL")
    if args.json:
        args.json.write_text(json.dumps({"counts": numbers, "statuses": dict(statuses), "recovery": recovery}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
