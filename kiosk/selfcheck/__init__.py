"""The red-flag self-check: questions and scoring (pure), its content kind and its page."""
