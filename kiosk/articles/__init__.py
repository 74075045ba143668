"""Articles: the content kind (Markdown, checked and sanitised) and the article pages."""
