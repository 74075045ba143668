"""Fees and debt: amounts and rates, fee caps and offer checks, the calculator (pure); the destinations
and rates content kinds; the pages and API."""
