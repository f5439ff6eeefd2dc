"""``make load``: the portal under 50 simulated visitors and members, measured with locust.

``python -m powg.bench.load`` fills a throwaway database once (``database.py``: the
benchmark's own fillers, 20,000 documents, 3,000 events, 2,000 members; reused while its
mark says it is complete), starts gunicorn as ``make serve`` does on a free port against
it, runs ``locustfile.py`` headless for a fixed time, samples the database's connections
meanwhile, and prints one table (``report.py``).
"""
