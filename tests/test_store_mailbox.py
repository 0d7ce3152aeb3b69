"""Delivering between workbooks: into the other user's mailbox only, from the account the
server knows, to someone who has a workbook in the same place; never read across."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.store import Store, workbook_file_name
from reflect.store.mailbox import MAILBOX, DeliveryError, deliver, delivered, recipients


def workbook(folder: Path, user: str) -> Store:
    store = Store(folder / workbook_file_name(user), owner=user)
    store.save("gibbs", "opened", True)  # as any page does once it is used
    return store


def test_a_delivery_lands_in_the_recipients_mailbox_under_the_senders_account(
    tmp_path: Path,
) -> None:
    ali, sam = workbook(tmp_path, "ali"), workbook(tmp_path, "sam")
    deliver(ali, "sam", "countersign", "q1", {"title": "Record of 2 March"})
    [entry] = delivered(sam, "countersign")
    assert (entry.sender, entry.id, entry.value) == ("ali", "q1", {"title": "Record of 2 March"})
    assert entry.revision.tool == MAILBOX
    assert delivered(ali, "countersign") == []  # the sender keeps no copy in the mailbox
    assert sam.latest("gibbs", "opened") is not None  # nothing else of sam's was touched


def test_recipients_are_the_others_with_a_workbook_here(tmp_path: Path) -> None:
    ali = workbook(tmp_path, "ali")
    workbook(tmp_path, "sam")
    workbook(tmp_path, "Jo Bloggs")
    assert recipients(ali) == ["Jo Bloggs", "sam"]


def test_no_delivery_to_oneself_or_to_someone_with_no_workbook(tmp_path: Path) -> None:
    ali = workbook(tmp_path, "ali")
    with pytest.raises(DeliveryError, match="your own account"):
        deliver(ali, "ali", "countersign", "q1", {})
    with pytest.raises(DeliveryError, match="nobody called 'sma' has opened reflect here"):
        deliver(ali, "sma", "countersign", "q1", {})
    assert not (tmp_path / workbook_file_name("sma")).exists()  # no workbook made on the way


def test_a_later_delivery_of_the_same_id_is_a_new_revision_not_a_loss(tmp_path: Path) -> None:
    ali, sam = workbook(tmp_path, "ali"), workbook(tmp_path, "sam")
    deliver(ali, "sam", "countersign", "q1", {"v": 1})
    deliver(ali, "sam", "countersign", "q1", {"v": 2})
    [entry] = delivered(sam, "countersign")
    assert entry.value == {"v": 2}
    assert len(sam.history(MAILBOX, "countersign/ali/q1")) == 2


def test_delivery_between_users_of_one_database(postgres_url: str) -> None:
    with (
        Store.in_database(postgres_url, "ali") as ali,
        Store.in_database(postgres_url, "sam") as sam,
    ):
        ali.save("gibbs", "opened", True)
        sam.save("gibbs", "opened", True)
        assert recipients(ali) == ["sam"]
        deliver(ali, "sam", "countersign", "q1", {"title": "Record"})
        assert [(one.sender, one.value) for one in delivered(sam, "countersign")] == [
            ("ali", {"title": "Record"})
        ]
        assert delivered(ali, "countersign") == []
