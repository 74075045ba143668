"""Signed content updates: publisher keys, bundles, installing a bundle, and the publisher's feed."""
