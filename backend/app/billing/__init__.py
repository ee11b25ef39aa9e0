"""Money: billing accounts, the append-only ledger, credit and periodic credit."""
