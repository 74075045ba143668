"""The return plan: what a returnee is owed and what to do (pure), its rules' content kind, page and API."""
