"""What a ticket slip says: the facts the layout needs, gathered by the ticket service.

The slip is plain data so that the layout stays a pure function and the ticket service (not
the printer) decides where each fact comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone


@dataclass(frozen=True)
class TicketSlip:
    hall_name: str
    complaint_phone: str
    number: str  # "A012"
    priority_green: bool
    scenario: str
    matter: str
    queue_name: str  # "15-20号窗口"
    windows: list[tuple[int, str]]  # (number, name) of every window serving the queue
    ahead: int  # people waiting before this ticket
    materials: list[str]  # the complete checklist (一次性告知), in order, without item numbers
    notice: str  # e.g. "需要去连队/社区申请", or ""
    time_limit: str  # display text, e.g. "1个工作日"
    role_label: str  # "本中心办结" / "本中心受理，上报办理" / …
    window_phone: str
    issued_at: datetime  # aware, already in the hall's timezone
    status_url: str  # QR payload: where the visitor can follow the queue; "" prints no code
    footer: str = ""  # the hall's own line at the foot (服务中心设置), e.g. 请妥善保管小票
    wait: str = ""  # the estimated wait when issued (queue/estimate.py), e.g. 约10–20分钟
    assisted: bool = False  # taken at the guide desk for the visitor (帮办代办)


_SAMPLE_ZONE = timezone(timedelta(hours=8), "CST")


def sample_slip() -> TicketSlip:
    """A realistic slip from the demo catalog (高龄津贴的审核) for `printer test` and the docs."""
    return TicketSlip(
        hall_name="六十二团便民服务中心",
        complaint_phone="12345",
        number="A012",
        priority_green=False,
        scenario="高龄津贴的审核",
        matter="高龄补贴的审核",
        queue_name="7号窗口",
        windows=[(7, "社会救助窗口")],
        ahead=3,
        materials=[
            "本人身份证正反面、户口本主页本人页、社保卡复印件1份；",
            "当月生活照（正面拍摄、设置拍摄日期，建议使用元道经纬相机拍照）1份；",
            "1张一寸照片（尽量红底、蓝底）；",
            "填写《80周岁以上高龄老人基本生活津贴申请审批表》1份；",
            "近亲属代理申请需提供申请人现居住地出具居住证明和代理人身份证复印件1份。",
        ],
        notice="",
        time_limit="1个工作日",
        role_label="本中心办结",
        window_phone="0999-3173821",
        issued_at=datetime(2026, 11, 5, 9, 31, tzinfo=_SAMPLE_ZONE),
        status_url="http://192.168.1.10:5000/t/12?k=7f3a9c",
    )
