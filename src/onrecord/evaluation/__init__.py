"""Evaluation commands: score the pipeline against annotated data and print the figures."""
