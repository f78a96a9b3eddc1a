"""The managers' live dashboard (实时概况): today so far and the hall now (docs/statistics.md).

Pure domain: reads the database through ``bianmin.db`` and knows nothing of Flask. ``today``
counts the business day's tickets, events and ratings; ``board`` adds the windows, queues
and alerts to a hall snapshot.
"""
