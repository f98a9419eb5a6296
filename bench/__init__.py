"""Load and scale measurements of Firmas on the real stack (not tests).

`make bench` runs every scenario; `make bench-<scenario>` one of them. Each scenario
module starts its own PostgreSQL cluster and gunicorn (devtools.stack), seeds its own
data, measures a baseline in the same run, and writes JSON to bench/results/.
"""
