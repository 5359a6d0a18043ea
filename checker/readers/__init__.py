"""Readers that turn a structured document (docx, html, pdf) into text with a source map."""
