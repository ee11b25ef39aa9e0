"""E-mail alerts over SMTP: low credit, spend cap reached, invoice issued (docs/alerts.md)."""
