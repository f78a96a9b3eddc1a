"""Devices: the hall's kiosks, lobby screens, window screens and rating tablets.

A device is registered (``bianmin device add``), enrolled once with a one-time code typed
or scanned on the device, and then holds a long-lived device token. A device is never a
person: staff have accounts and sessions (``bianmin.staff``). Domain code: no Flask.
"""
