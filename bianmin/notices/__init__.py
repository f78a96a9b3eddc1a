"""Written notices at the window (受理通知书, 补齐补正通知书, 不予受理告知书), issue 12."""
