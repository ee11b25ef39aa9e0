"""Payments: manual payment records, payment-provider webhooks (docs/payments.md)."""
