"""Invoicing: recurring services, autobill runs, invoices, credit notes (docs/invoicing.md)."""
