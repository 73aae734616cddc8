"""Live updates: every open page of a report hears, within a second, that something it shows changed.

The notice names rows, never text: a page that hears it asks the server again for what changed,
through the same views and the same visibility rules as a reload (README, "Live updates").
`events` sends the notices when a write commits; `consumers` holds the pages' connections.
"""
