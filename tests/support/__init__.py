"""Test doubles shared by Tollgate test suites."""
