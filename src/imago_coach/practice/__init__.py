"""Your practice across sources: rehearsals, drills and saved real talks, side by side."""
