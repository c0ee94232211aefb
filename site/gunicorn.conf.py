# gunicorn -c site/gunicorn.conf.py config.wsgi
# Not imported by the application: read by gunicorn only.
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The real client address comes from nginx; only trust it from the local proxy.
forwarded_allow_ips = "127.0.0.1"
