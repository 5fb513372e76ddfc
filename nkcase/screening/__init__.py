"""Sanctions lists and screening: list records, parsers, explainable name matching, review."""
