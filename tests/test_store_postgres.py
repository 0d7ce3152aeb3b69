"""What only the PostgreSQL back end has: many owners in one table, never seen by each other;
one Engine per database; databases that are not reflect's refused with their name."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from reflect.errors import StoreError
from reflect.store import SCHEMA_VERSION, Store
from reflect.store._postgres import engine
from tests._postgres import programs_or_stop


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as raw:
        cursor = raw.execute(statement)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def test_two_owners_in_one_database_never_see_each_others_rows(postgres_url: str) -> None:
    with Store.in_database(postgres_url, "alice") as alice:
        alice.save("gibbs", "r1/feelings", "alice's words")
        alice.save("gibbs", "r1/feelings", "alice's second words")
        with Store.in_database(postgres_url, "Alice") as other_alice:  # another user: case counts
            other_alice.save("gibbs", "r1/description", "another user's")
            assert other_alice.latest("gibbs", "r1/feelings") is None
            assert other_alice.history("gibbs", "r1/feelings") == []
            assert [r.item for r in other_alice.items("gibbs")] == ["r1/description"]
            assert other_alice.latest_many("gibbs", "r1/").keys() == {"r1/description"}
        assert [r.value for r in alice.history("gibbs", "r1/feelings")] == [
            "alice's words",
            "alice's second words",
        ]
        assert alice.latest("gibbs", "r1/description") is None
    rows = _sql(postgres_url, "SELECT owner, count(*) FROM revision GROUP BY owner ORDER BY 1")
    assert rows == [("Alice", 1), ("alice", 2)]


def test_one_owners_save_of_an_unchanged_value_is_not_skipped_for_another(
    postgres_url: str,
) -> None:
    with Store.in_database(postgres_url, "alice") as alice:
        alice.save("gibbs", "r1", "the same words")
    with Store.in_database(postgres_url, "bob") as bob:
        saved = bob.save("gibbs", "r1", "the same words")
        assert bob.history("gibbs", "r1") == [saved]


def test_the_workbook_has_a_key_but_no_file(postgres_url: str) -> None:
    with Store.in_database(postgres_url, "Zoë") as opened:
        assert opened.key == "workbook-%5Ao%C3%AB"
        with pytest.raises(AttributeError, match="in a database, not a file"):
            _ = opened.path


def test_for_user_opens_the_database_the_setting_names(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLECT_DATABASE_URL", postgres_url)
    with Store.for_user("alice") as opened:
        opened.save("gibbs", "r1", "kept in the database")
    assert _sql(postgres_url, "SELECT owner, value FROM revision") == [
        ("alice", '"kept in the database"')
    ]


def test_every_store_of_a_database_shares_one_engine(postgres_url: str) -> None:
    with Store.in_database(postgres_url, "alice"), Store.in_database(postgres_url, "bob"):
        assert engine(postgres_url) is engine(postgres_url)
        before = engine(postgres_url).pool.checkedin()
    assert engine(postgres_url).pool.checkedin() == before  # nothing held between calls


def test_the_table_is_made_once_and_marked_as_reflects(postgres_url: str) -> None:
    Store.in_database(postgres_url, "alice").close()
    [(comment,)] = _sql(postgres_url, "SELECT obj_description('revision'::regclass)")
    assert comment == f"reflect workbook revisions, schema {SCHEMA_VERSION}"
    indexes = _sql(postgres_url, "SELECT indexname FROM pg_indexes WHERE tablename = 'revision'")
    assert sorted(name for (name,) in indexes) == ["revision_by_owner_key", "revision_pkey"]


def test_saved_at_is_a_time_with_zone_in_the_database(postgres_url: str) -> None:
    with Store.in_database(postgres_url, "alice") as opened:
        saved = opened.save("drift", "Child A", "no change")
    [(kind, stored)] = _sql(
        postgres_url, "SELECT pg_typeof(saved_at)::text, saved_at FROM revision"
    )
    assert kind == "timestamp with time zone"
    assert stored == saved.saved_at


# Databases that are not (usable) workbooks -------------------------------------------------


def _refused(url: str, message: str) -> None:
    from reflect.store._postgres import dispose_engines

    dispose_engines()  # a new process would check the database afresh
    with pytest.raises(StoreError) as raised:
        Store.in_database(url, "alice")
    assert message in str(raised.value)
    assert url.split("@")[1] in str(raised.value)  # names the database


def test_another_programs_revision_table_is_refused_and_left_alone(postgres_url: str) -> None:
    _sql(postgres_url, "CREATE TABLE revision (id int, body text)")
    _sql(postgres_url, "INSERT INTO revision VALUES (1, 'not ours')")
    _refused(postgres_url, "has a table named revision that is not reflect's")
    assert _sql(postgres_url, "SELECT * FROM revision") == [(1, "not ours")]


def test_a_database_written_by_a_newer_reflect_is_refused(postgres_url: str) -> None:
    Store.in_database(postgres_url, "alice").close()
    newer = f"reflect workbook revisions, schema {SCHEMA_VERSION + 1}"
    _sql(postgres_url, f"COMMENT ON TABLE revision IS '{newer}'")
    _refused(postgres_url, "newer reflect")


def test_a_damaged_table_is_refused(postgres_url: str) -> None:
    Store.in_database(postgres_url, "alice").close()
    _sql(postgres_url, "ALTER TABLE revision DROP COLUMN session")
    _refused(postgres_url, "lacks the columns session")


def test_a_url_that_is_not_postgresql_is_refused() -> None:
    with pytest.raises(StoreError, match="is not a PostgreSQL URL"):
        Store.in_database("sqlite:///workbook.sqlite", "alice")
    with pytest.raises(StoreError, match="URL given cannot be read") as raised:
        Store.in_database("not a url with a pa55word", "alice")
    assert "pa55word" not in str(raised.value)


def test_a_database_that_cannot_be_reached_is_named_without_its_password() -> None:
    from reflect.store._postgres import dispose_engines

    url = "postgresql://alice:secret@127.0.0.1:1/workbooks"  # nothing listens on port 1
    with pytest.raises(StoreError) as raised:
        Store.in_database(url, "alice")
    dispose_engines()
    assert "postgresql+psycopg://alice:***@127.0.0.1:1/workbooks" in str(raised.value)
    assert "secret" not in str(raised.value)
    assert "REFLECT_DATABASE_URL" in str(raised.value)


# Without Debian's postgresql -----------------------------------------------------------------


def test_without_the_server_the_tests_skip_or_fail_when_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REFLECT_REQUIRE_POSTGRES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="sudo apt-get install postgresql"):
        programs_or_stop(tmp_path)
    monkeypatch.setenv("REFLECT_REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="sudo apt-get install postgresql"):
        programs_or_stop(tmp_path)
    (tmp_path / "15" / "bin").mkdir(parents=True)
    (tmp_path / "15" / "bin" / "pg_ctl").touch()
    (tmp_path / "9" / "bin").mkdir(parents=True)
    (tmp_path / "9" / "bin" / "pg_ctl").touch()
    assert programs_or_stop(tmp_path) == tmp_path / "15" / "bin"  # the newest
