"""The bench: a school of realistic shape and size, and the measurements `make bench` prints.

``build`` makes the school (``manage.py bench --scale N``), ``measure`` times its pages
in-process, ``load`` runs the load test (gunicorn + wrk) and ``targets`` judges the figures
against issue 19's targets.
"""
