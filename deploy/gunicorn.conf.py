"""gunicorn's settings for Tryggve, read in place by tryggve.service (which gives the address)."""

# One worker per core, four threads each; raise the threads before the workers.
workers = 2
worker_class = "gthread"
threads = 4
# nginx keeps a few connections to gunicorn open (its upstream's keepalive): gunicorn holds an
# idle one longer than nginx does, so nginx never sends a request on one gunicorn is closing.
keepalive = 75
# Restart each worker now and then, so a slow leak never grows: after 20,000 to 30,000 requests,
# each worker at its own time (a worker starting takes a core for over a second, and with 2,000
# both restarted together every quarter of a minute under a hundred place reports a second).
max_requests = 20000
max_requests_jitter = 10000
timeout = 60
# No access log: nginx keeps the one log of requests, and leaves the survey out of it.
accesslog = None
# Starts, stops and crashed workers, to the journal.
errorlog = "-"
loglevel = "info"
