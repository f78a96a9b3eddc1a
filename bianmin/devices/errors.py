"""Device registry errors, in Chinese, for administrators at the command line and devices."""

from bianmin.errors import Conflict, InvalidInput, NotFound, Unauthorized


class InvalidDevice(InvalidInput):
    code = "invalid_device"
    message = "设备信息有误。"


class DeviceNameTaken(Conflict):
    code = "device_name_taken"
    message = "本服务中心已有同名设备。"


class UnknownDevice(NotFound):
    code = "unknown_device"
    message = "没有找到这台设备，请检查设备名称和服务中心。"


class BadEnrolCode(Unauthorized):
    # one message for unknown, spent and expired codes: never tell which
    code = "bad_enrol_code"
    message = "注册码不正确或已失效，请核对后重新输入，或请管理员重新生成注册码。"
