"""Small catalog files in the 000 format, written inline by tests."""

from __future__ import annotations

HEADER = "序号\t部门\t事项名称\t细化应用场景\t事项类型\t办理要件\t窗口号\t联系电话\t办理时限\t备注\t流程图"


def row(
    seq: int | str,
    name: str,
    *,
    department: str = "",
    matter: str = "",
    kind: str = "公共服务",
    materials: str = "1.身份证原件 2.户口本",
    window: str = "7号窗口",
    phone: str = "0999-3170000",
    time_limit: str = "即时办理",
    role: str = "负责办结",
) -> str:
    cells = [str(seq), department, matter, name, kind, materials, window, phone, time_limit, role, ""]
    return "\t".join(cells)


def heading(text: str, padded: bool = True) -> str:
    """A section heading line; padded like a spreadsheet export (trailing tabs) or bare."""
    return text + "\t" * 10 if padded else text


def catalog(*lines: str, title: str = "测试便民服务中心事项清单", header: bool = True) -> str:
    """Title, blank line, header, then the given heading and row lines."""
    parts = [title, "", HEADER] if header else [title, ""]
    return "\n".join([*parts, *lines]) + "\n"


def simple_catalog(names: list[str], section: str = "其他便民服务事项") -> str:
    """One section, one row per name, all at 7号窗口."""
    rows = [row(i, name, department="62团便民服务中心" if i == 1 else "") for i, name in enumerate(names, 1)]
    return catalog(heading(f"{section} {len(names)}个"), *rows)
