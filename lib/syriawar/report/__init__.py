"""Batch reports: run notebooks with papermill in parallel, render HTML and PDF, write an index."""
