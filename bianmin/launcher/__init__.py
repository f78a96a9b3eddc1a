"""``bianmin kiosk-launcher``: Chromium in kiosk mode that finds its way to the hall's page.

A kiosk or lobby box boots faster than the server box after a power cut, and a server
restarts on upgrades; nobody is there to press F5. The launcher shows a local start page
(served by itself on 127.0.0.1) until the server's ``/healthz`` answers, then sends the
browser to the hall's page; when the server goes away it sends the browser back to the start
page, which returns to the hall's page once the server is up again (docs/deployment.md).
"""
