"""The benchmark and load-test harness: tooling, not part of the product (no product module imports it).

* :mod:`bench.harness` — :class:`~bench.harness.Bench`, what a case uses to time pages and anything else;
* :mod:`bench.cases` — the cases per app (``bench/cases/<app>.py``), listed in ``bench.cases.CASES``;
* ``manage.py bench`` and ``manage.py loadtest`` (``bench/management/commands/``): this package is a Django
  app in ``INSTALLED_APPS`` only so that ``manage.py`` finds those two commands.

Targets and the latest figures: ``docs/performance.md``.
"""
