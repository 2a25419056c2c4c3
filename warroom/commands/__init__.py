"""Command-line commands beside the dashboard: new-incident, check, rehearse, inquiries import,
and `poll` (the feed poller without the UI, for cron or a systemd unit)."""
