"""The site benchmark behind ``manage.py bench_library``: fill a throwaway database, time pages.

``library`` fills documents and knows the library's pages and their "limit" SQL (the
bare queries any such page needs), ``events`` and ``members`` fill and list theirs, and
``timing`` times them side by side. Everything here reaches the site through its URLs
(the test client) and plain SQL, so refactoring the apps behind them changes nothing.
"""
