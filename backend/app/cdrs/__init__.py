"""Call detail records: the month-partitioned store, and (later) imports, re-rating, reports."""
