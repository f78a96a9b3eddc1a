"""Staff accounts: hashed passwords, one answer for every wrong credential, allowed windows."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import select

from bianmin.queue.call_errors import UnknownWindow
from bianmin.staff.errors import (
    AccountUnavailable,
    BadCredentials,
    InvalidStaff,
    UsernameTaken,
    WindowNotAllowed,
)
from bianmin.staff.models import Staff
from bianmin.staff.service import add_staff as add_staff_scrypt
from bianmin.staff.service import authenticate, staff_at_window
from tests.support.factories import make_hall

# a cheap hash for tests that are not about hashing (scrypt costs ~0.1 s per use here)
FAST = "pbkdf2:sha256:1000"
add_staff = partial(add_staff_scrypt, hash_method=FAST)


@pytest.fixture
def hall(empty_db):  # type: ignore[no-untyped-def]
    with empty_db.write() as session:
        return make_hall(session, code="town", queues={"A": [1, 2], "B": [3], "C": [24]})


def test_password_is_stored_hashed_with_scrypt(empty_db, hall) -> None:  # type: ignore[no-untyped-def]
    add_staff_scrypt(empty_db, hall_code="town", username="zhang", password="secret-1", windows=[3])
    with empty_db.read() as session:
        stored = session.scalars(select(Staff.password_hash)).one()
    assert "secret-1" not in stored
    assert stored.startswith("scrypt:")
    assert authenticate(empty_db, "zhang", "secret-1").username == "zhang"


def test_sign_in_with_the_right_password(empty_db, hall) -> None:  # type: ignore[no-untyped-def]
    added = add_staff(empty_db, hall_code="town", username="zhang", password="secret-1",
                      display_name="张三", windows=[3, 24])
    found = authenticate(empty_db, "zhang", "secret-1")
    assert found == added
    assert (found.display_name, found.windows, found.hall_code) == ("张三", [3, 24], "town")


def test_wrong_password_and_unknown_user_get_the_same_answer(empty_db, hall) -> None:  # type: ignore[no-untyped-def]
    add_staff(empty_db, hall_code="town", username="zhang", password="secret-1")
    with pytest.raises(BadCredentials) as wrong:
        authenticate(empty_db, "zhang", "secret-2")
    with pytest.raises(BadCredentials) as unknown:
        authenticate(empty_db, "li", "secret-1")
    assert wrong.value.message == unknown.value.message == "用户名或密码不正确，请重新输入。"


def test_a_disabled_account_cannot_sign_in_or_act(empty_db, hall) -> None:  # type: ignore[no-untyped-def]
    staff = add_staff(empty_db, hall_code="town", username="zhang", password="secret-1")
    with empty_db.write() as session:
        session.get(Staff, staff.id).active = False
    with pytest.raises(BadCredentials):
        authenticate(empty_db, "zhang", "secret-1")
    with pytest.raises(AccountUnavailable):
        staff_at_window(empty_db, staff.id, 1)


def test_windows_limit_where_staff_may_serve(empty_db, hall) -> None:  # type: ignore[no-untyped-def]
    limited = add_staff(empty_db, hall_code="town", username="zhang", password="secret-1", windows=[3])
    anywhere = add_staff(empty_db, hall_code="town", username="wang", password="secret-1")
    assert staff_at_window(empty_db, limited.id, 3).window_name == "3号窗口"
    with pytest.raises(WindowNotAllowed):
        staff_at_window(empty_db, limited.id, 1)
    assert anywhere.windows is None
    assert [staff_at_window(empty_db, anywhere.id, n).window_number for n in (1, 2, 3, 24)] == [1, 2, 3, 24]
    with pytest.raises(UnknownWindow):
        staff_at_window(empty_db, anywhere.id, 99)


def test_a_window_of_another_hall_is_not_served(empty_db, hall) -> None:  # type: ignore[no-untyped-def]
    with empty_db.write() as session:
        make_hall(session, code="other", queues={"A": [1], "B": [3]})
    staff = add_staff(empty_db, hall_code="other", username="zhao", password="secret-1", windows=[3])
    seat = staff_at_window(empty_db, staff.id, 3)
    assert seat.staff.hall_code == "other"
    with empty_db.read() as session:
        from bianmin.catalog.models import Window

        windows = session.scalars(select(Window).where(Window.number == 3)).all()
        assert len(windows) == 2
        assert seat.staff.hall_id == staff.hall_id != hall.hall_id


def test_unknown_windows_in_the_account_are_refused(empty_db, hall) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidStaff) as caught:
        add_staff(empty_db, hall_code="town", username="zhang", password="secret-1", windows=[3, 7, 9])
    assert caught.value.message == "本大厅没有这些窗口：7号、9号。"
    with empty_db.read() as session:
        assert session.scalars(select(Staff)).all() == []


@pytest.mark.parametrize("username, password", [("z", "secret-1"), ("张三", "secret-1"),
                                                ("zhang", "12345"), ("a b", "secret-1")])
def test_bad_usernames_and_short_passwords_are_refused(empty_db, hall, username, password) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidStaff):
        add_staff(empty_db, hall_code="town", username=username, password=password)


def test_a_username_is_taken_once_unless_replaced(empty_db, hall) -> None:  # type: ignore[no-untyped-def]
    first = add_staff(empty_db, hall_code="town", username="zhang", password="secret-1", windows=[3])
    with pytest.raises(UsernameTaken):
        add_staff(empty_db, hall_code="town", username="zhang", password="secret-2")
    again = add_staff(empty_db, hall_code="town", username="zhang", password="secret-2",
                      windows=[1, 2], replace=True)
    assert again.id == first.id and again.windows == [1, 2]
    assert authenticate(empty_db, "zhang", "secret-2").id == first.id
    with pytest.raises(BadCredentials):
        authenticate(empty_db, "zhang", "secret-1")


def test_an_unknown_user_costs_the_same_scrypt_as_a_real_one() -> None:
    from werkzeug.security import generate_password_hash

    from bianmin.staff.service import DUMMY_HASH, PASSWORD_METHOD

    # same method and parameters (scrypt:32768:8:1): the same work per check
    assert DUMMY_HASH.split("$")[0] == generate_password_hash("x", method=PASSWORD_METHOD).split("$")[0]
