"""Regression evals: hand-written Q&A pairs, citation-aware metrics, baselines and a gate.

``policy-chat eval`` is the entry point; ``evals.runner.run_eval`` does the work.
"""
