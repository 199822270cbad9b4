"""OpenWFO benchmarks: `make bench` (or `python -m bench [name ...]`); results under bench/results/."""
