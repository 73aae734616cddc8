"""gunicorn settings for the Docker image (and the load benchmark); override with GUNICORN_* variables.

Read through wgec.env like the Django settings, so a typo such as GUNICORN_WORKERS=two stops
start-up with a message naming the variable. gunicorn puts its working directory on sys.path
before it reads this file, so `wgec` imports from the repository root.
"""

from wgec.env import env_int, env_str

bind = env_str("GUNICORN_BIND", "0.0.0.0:8000")
# ASGI workers (uvicorn): the app's HTTP views and the pages' live connections (websockets), with
# `wgec.asgi:application`. Without REDIS_URL, the live notices travel in one process's memory, so
# a second worker would not hear the first one's: one worker then, unless told otherwise.
worker_class = env_str("GUNICORN_WORKER_CLASS", "uvicorn_worker.UvicornWorker")
workers = env_int("GUNICORN_WORKERS", 2 if env_str("REDIS_URL") else 1, minimum=1)
threads = env_int("GUNICORN_THREADS", 4, minimum=1)
timeout = 60
accesslog = "-"
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
