"""Catalog errors with messages for visitors and administrators."""

from bianmin.errors import NotFound


class UnknownHall(NotFound):
    code = "unknown_hall"
    message = "没有找到这个服务中心，请检查地址或联系管理员。"
