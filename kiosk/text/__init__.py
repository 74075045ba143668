"""Text helpers every capability uses: Vietnamese folding, strict input parsing, phrase language, QR codes."""
