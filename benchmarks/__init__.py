"""Benchmarks run by ``make bench``; figures are written into the README."""
