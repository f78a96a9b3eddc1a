"""The ticket's status page (/t/<token>) and its rating: nothing while the ticket waits, the
form once it is finished, the recorded rating after, and "too late" after ``rating_days``."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bianmin.queue.models import TicketEvent
from tests.integration.test_api_counter import take
from tests.integration.test_ratings_api import finished_ticket, people, rate, token_of  # noqa: F401


def page(client, app, ticket_id: int) -> str:  # type: ignore[no-untyped-def]
    answer = client.get(f"/t/{token_of(app, ticket_id)}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_a_waiting_ticket_offers_no_rating(app, client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    html = page(client, app, take(db, "A"))
    assert 'id="rate-form"' not in html and "phone.js" not in html and "您已评价" not in html


def test_a_finished_ticket_offers_the_five_levels_and_the_reasons(app, client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ticket_id = finished_ticket(app, client, db)
    html = page(client, app, ticket_id)
    assert 'id="rate-form"' in html and "请对1号窗口的服务进行评价" in html
    for words in ("非常满意", "满意", "基本满意", "不满意", "非常不满意",
                  "服务态度", "办事效率", "办事指南不清楚", "多次跑腿", "其他"):
        assert words in html, words
    assert html.count('name="level"') == 5 and html.count('name="reasons"') == 5
    assert f'"token": "{token_of(app, ticket_id)}"' in html  # the form posts with its own token
    assert "办结后 7 天内有效" in html


def test_after_rating_the_page_shows_the_rating_instead_of_the_form(app, client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ticket_id = finished_ticket(app, client, db)
    answer = rate(client, ticket_id, level=1, reasons=["trips", "attitude"], remark="跑了三次",
                  token=token_of(app, ticket_id))
    assert answer.status_code == 201, answer.get_json()
    html = page(client, app, ticket_id)
    assert 'id="rate-form"' not in html and "您已评价" in html
    assert "非常不满意" in html and "服务态度、多次跑腿" in html and "跑了三次" in html


def test_past_rating_days_the_page_says_it_is_too_late(app, client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ticket_id = finished_ticket(app, client, db)
    with db.write() as session:
        event = session.scalars(select(TicketEvent).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "finished")).one()
        event.at = event.at - timedelta(days=7, minutes=1)
    html = page(client, app, ticket_id)
    assert 'id="rate-form"' not in html and "办结已超过 7 天，不能再评价了" in html
