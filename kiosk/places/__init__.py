"""Provinces (with the 2025 mergers), hotlines and services: the pure lookups and their content kinds."""
