"""Benchmarks, run with `make bench` (a throwaway PostgreSQL) — see bench/README.md."""

import argparse
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("benchmark", nargs="?", choices=["policy-page", "search", "all"], default="policy-page")
    parser.add_argument("--runs", type=int, default=30, help="renders per page (default 30)")
    parser.add_argument("--query-runs", type=int, default=5, help="timed runs of each search query")
    parser.add_argument("--documents", type=int, default=100_000, help="archive size for the search benchmark")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench import policy_page, search

    if args.benchmark in ("policy-page", "all"):
        policy_page.run(args.runs)
    if args.benchmark in ("search", "all"):
        search.run(args.documents, runs=args.query_runs)


if __name__ == "__main__":
    sys.exit(main())
