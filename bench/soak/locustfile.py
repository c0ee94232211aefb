"""The soak scenario (`make bench-soak`, driven by bench/soak/run.py): citizens sending comments and
readers reading pages, at constant rates, while the runner stops PostgreSQL for a while.

A citizen behaves like a person: opens the comment form, takes a few seconds to write, sends it.
Each comes from its own address (X-Forwarded-For, read by the site with NUM_PROXIES=1), so the
per-address limit does not refuse them; the form's security cookie and token, submission token
and time stamp are the ones the form gave. Each text carries a unique marker that the runner looks
for in the database at the end. When the site answers with its "not stored yet, your text is
below" page (503), the citizen waits a moment and presses "Gửi lại": the same fields again, the
same token, until the site acknowledges (redirect to the "sent" page) or the run ends.

Settings come from the environment (run.py sets them): SOAK_FORM_URL, SOAK_PAGES (JSON list of
paths), SOAK_SUBMISSIONS_PER_SECOND, SOAK_VIEWS_PER_SECOND, SOAK_STOP_NEW_AT (epoch seconds after
which no new submission starts, so that those under way can finish), SOAK_RESULTS (a JSON file
written when locust quits).
"""

import itertools
import json
import os
import random
import re
import time
import uuid
from collections import Counter

from locust import FastHttpUser, constant_throughput, events, task

FORM_URL = os.environ.get("SOAK_FORM_URL", "/")
PAGES = json.loads(os.environ.get("SOAK_PAGES", '["/"]'))
SUBMISSIONS_PER_SECOND = float(os.environ.get("SOAK_SUBMISSIONS_PER_SECOND", "20"))
VIEWS_PER_SECOND = float(os.environ.get("SOAK_VIEWS_PER_SECOND", "200"))
STOP_NEW_AT = float(os.environ.get("SOAK_STOP_NEW_AT", "0")) or float("inf")
RESULTS = os.environ.get("SOAK_RESULTS", "soak-results.json")
# When the runner stops PostgreSQL, and when it expects the site to have recovered: responses are
# counted apart in that window and outside it.
OUTAGE = (float(os.environ.get("SOAK_OUTAGE_FROM", "0")), float(os.environ.get("SOAK_OUTAGE_TO", "0")))

# How long a person takes to write (the site holds back a form sent in under 2 seconds).
WRITING_SECONDS = (3.0, 5.0)
# How long a person waits before pressing "Gửi lại" on the "not stored yet" page.
RESEND_AFTER_SECONDS = 2.0
# A simulated citizen starts a submission at most this often: each takes about 4-6 seconds.
SECONDS_PER_SUBMISSION = 8.0
SECONDS_PER_VIEW = 2.0

HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_token|form_stamp)" value="([^"]*)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;,\s]+)")
KEEPS_TEXT = "Nội dung bạn gửi chưa được lưu"

addresses = itertools.count(1)
submissions = {}  # marker -> what happened to it
statuses = Counter()  # ("GET 200", "outage"), ("POST 503", "outage"), ("POST connection error", "normal")...


def next_address():
    n = next(addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


@events.request.add_listener
def count_status(request_type, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    if not status and exception is not None:
        status = f"connection error ({type(exception).__name__})"
    phase = "outage" if OUTAGE[0] <= time.time() <= OUTAGE[1] else "normal"
    statuses[f"{request_type} {status or 'connection error'}|{phase}"] += 1


# A browser gives up on a page after a while; a person then presses the button again.
GIVE_UP_AFTER_SECONDS = 30.0


@events.quitting.add_listener
def write_results(environment, **kwargs):
    with open(RESULTS, "w", encoding="utf-8") as out:
        json.dump({"submissions": list(submissions.values()), "statuses": dict(statuses)}, out, ensure_ascii=False)


class Citizen(FastHttpUser):
    """Sends one comment after another, each from a new address, as a person would."""

    network_timeout = connection_timeout = GIVE_UP_AFTER_SECONDS
    fixed_count = max(1, round(SUBMISSIONS_PER_SECOND * SECONDS_PER_SUBMISSION))
    wait_time = constant_throughput(1 / SECONDS_PER_SUBMISSION)

    @task
    def send_a_comment(self):
        if time.time() >= STOP_NEW_AT:
            self.wait_until_the_end()
            return
        address = next_address()
        headers = {"X-Forwarded-For": address}
        # Open the form; while the site cannot show it, come back a little later.
        with self.client.get(FORM_URL, headers=headers, name="comment form", catch_response=True) as opened:
            if opened.status_code != 200:
                opened.failure(f"form not shown: {opened.status_code}")
                time.sleep(RESEND_AFTER_SECONDS)
                return
            opened.success()
            fields = dict(HIDDEN.findall(opened.text))
            cookie = CSRF_COOKIE.search(opened.headers.get("Set-Cookie", "") or "")
        marker = f"soak-{uuid.uuid4().hex}"
        data = {
            **fields,
            "section": "",
            "body": f"Ý kiến thử tải {marker}: đề nghị làm rõ thời hạn và trách nhiệm thi hành.",
            "display_name": "",
            "area": "",
            "contact_email": "",
            "contact_phone": "",
            "consent": "on",
            "website": "",
        }
        if cookie:
            headers["Cookie"] = f"csrftoken={cookie.group(1)}"
        record = submissions[marker] = {
            "marker": marker, "posts": 0, "acknowledged": False, "statuses": [], "started_at": time.time(),
        }  # fmt: skip
        time.sleep(random.uniform(*WRITING_SECONDS))
        while True:
            record["posts"] += 1
            record["waiting"] = True
            with self.client.post(
                FORM_URL, data=data, headers=headers, allow_redirects=False, name="send comment", catch_response=True
            ) as sent:
                status = sent.status_code
                record["statuses"].append(status)
                record["waiting"] = False
                if status == 302 and "da-gui" in (sent.headers.get("Location") or ""):
                    sent.success()
                    record["acknowledged"] = True
                    record["acknowledged_at"] = time.time()
                    location = sent.headers["Location"]
                    break
                if status == 503 and KEEPS_TEXT in (sent.text or ""):
                    record["kept_text"] = record.get("kept_text", 0) + 1
                sent.failure(f"not acknowledged: {status}")
            if status == 400:
                # The site refused the form itself (not a failure of the database): a person would
                # correct it; this scenario does not, and reports it.
                return
            # "Gửi lại" a moment later, whatever went wrong (a 503 page, a dropped connection).
            time.sleep(RESEND_AFTER_SECONDS)
            if self.environment.runner is None or self.environment.runner.state in ("stopping", "stopped"):
                return
        # The browser follows the redirect to the thank-you page.
        self.client.get(location, headers={"X-Forwarded-For": address}, name="comment sent")

    def wait_until_the_end(self):
        time.sleep(1)


class Reader(FastHttpUser):
    """Reads public pages: the home page, the register, drafts, stories, the tracker, a search."""

    network_timeout = connection_timeout = GIVE_UP_AFTER_SECONDS
    fixed_count = max(1, round(VIEWS_PER_SECOND * SECONDS_PER_VIEW))
    wait_time = constant_throughput(1 / SECONDS_PER_VIEW)

    @task
    def read_a_page(self):
        path = random.choice(PAGES)
        with self.client.get(path, headers={"X-Forwarded-For": next_address()}, name=path, catch_response=True) as r:
            if r.status_code == 200:
                r.success()
