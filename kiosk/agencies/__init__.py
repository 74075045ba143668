"""Checking a recruitment agency: names and matching (pure), the model, the content kind, and its pages and API."""
