"""SIP users, carrier trunks, trunk groups and the global restricted-prefix list."""
