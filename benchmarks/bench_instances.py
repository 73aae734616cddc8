"""Two app instances sharing PostgreSQL and Redis, under the load of benchmarks/load.py.

20 delegations for 30 s, spread over two gunicorn servers (uvicorn workers) as a proxy would spread
them, arriving 0.25 s apart (as a room fills: twenty logins at one instant queue behind each
other's password hashing) and each pausing 0.5 s between requests; printed: requests per second, p50/p95/p99 (goal
p95 ≤ 250 ms), errors (goal 0) and the amendments stored against the clients' log. Needs
PostgreSQL (LOAD_DATABASE_URL) and Redis (LOAD_REDIS_URL), as load.py. Any option of load.py may
follow, e.g. `--think 0` to run flat out.

Run: python benchmarks/bench_instances.py
"""

import sys

import load

if __name__ == "__main__":
    sys.argv[1:] = ["--instances", "2", "--seconds", "30", "--think", "0.5", "--ramp", "0.25", *sys.argv[1:]]
    sys.exit(load.main())
