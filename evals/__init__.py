"""Evaluation suite of the summarizer: gold cases, scorers and the harness."""
