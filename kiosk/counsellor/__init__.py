"""The counsellor page: agency check, offer check and calculator side by side, and the one-page handout."""
