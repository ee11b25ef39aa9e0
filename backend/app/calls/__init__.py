"""Real-time call control: authorize at call start, finalize at hangup, live calls, sweeping."""
