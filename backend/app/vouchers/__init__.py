"""Prepaid vouchers: batches of one-time codes that credit the client who redeems one
(docs/payments.md)."""
