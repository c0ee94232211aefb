import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What is loaded by now (Django, Wagtail, every app's models and hooks) lives as long as the worker.
# Left in the collector's oldest generation, each full collection walked it all: 100–150 ms, paid by
# whichever reader's request set it off (the slow tail of bench/search.py). Frozen, a full collection
# walks only what requests made: about 10 ms.
gc.collect()
gc.freeze()
