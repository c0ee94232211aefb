import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What is loaded by now (Django, Wagtail, every app's models and hooks) lives as long as the worker.
# Left in the collector's oldest generation, each full collection walked it all: 100–150 ms, paid by
# whichever reader's request set it off (the slow tail of bench/search.py). Frozen, a full collection
# walks only what requests made: about 10 ms. But with so little left to count, the collector's rule
# (a full collection once a quarter as much again has outlived two collections) came round every
# twenty-odd requests, each 10 ms: one request in twenty, the p95 itself. Ten times fewer chances
# for it make it one request in a few hundred, at 15–30 ms.
gc.collect()
gc.freeze()
young, middle, _old = gc.get_threshold()
gc.set_threshold(young, middle, 100)
