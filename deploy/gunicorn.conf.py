"""gunicorn's settings for Tryggve, read in place by tryggve.service (which gives the address)."""

# One worker per core, four threads each; raise the threads before the workers.
workers = 2
worker_class = "gthread"
threads = 4
# Restart each worker now and then, so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
timeout = 60
# No access log: nginx keeps the one log of requests, and leaves the survey out of it.
accesslog = None
# Starts, stops and crashed workers, to the journal.
errorlog = "-"
loglevel = "info"
