"""Benchmarks, run with `make bench` (a throwaway PostgreSQL) — see bench/README.md."""

import argparse
import logging
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "benchmarks",
        nargs="*",
        choices=["policy-page", "page-weight", "search", "scorecard", "all"],
        default=None,
        help="which to run (default: policy-page page-weight; search takes about 75 minutes)",
    )
    parser.add_argument("--runs", type=int, default=30, help="renders per page (default 30)")
    parser.add_argument("--query-runs", type=int, default=5, help="timed runs of each search query")
    parser.add_argument("--documents", type=int, default=100_000, help="archive size for the search benchmark")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="search: only time the queries against $DATABASE_URL, writing nothing (no migration, no import)",
    )
    args = parser.parse_args()
    args.benchmarks = args.benchmarks or ["policy-page", "page-weight"]
    if args.queries_only and set(args.benchmarks) != {"search"}:
        parser.error("--queries-only applies to the search benchmark alone: python -m bench search --queries-only")

    import django

    django.setup()
    # The numbers, not the log of every page the set-up publishes.
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.core.management import call_command

    if not args.queries_only:
        call_command("migrate", verbosity=0)
    from bench import page_weight, policy_page, scorecard, search

    if {"policy-page", "all"} & set(args.benchmarks):
        policy_page.run(args.runs)
    if {"page-weight", "all"} & set(args.benchmarks):
        page_weight.run()
    if {"search", "all"} & set(args.benchmarks):
        search.run(args.documents, runs=args.query_runs, queries_only=args.queries_only)
    if {"scorecard", "all"} & set(args.benchmarks):
        scorecard.run(runs=args.runs)


if __name__ == "__main__":
    sys.exit(main())
