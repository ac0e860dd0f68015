"""The engine settings that the durability and concurrency guarantees rest on."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.errors import StorageError
from soviet.services.bootstrap import open_database
from soviet.store.among import any_of, pairs_any_of
from soviet.store.database import MAX_ATTEMPTS, SQLITE_BUSY_TIMEOUT_MS
from soviet.store.registry import ANALYZE_FROM, insert_rows


def test_sqlite_runs_wal_full_sync_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with (
        open_database(f"sqlite:///{tmp_path / 'x.db'}", create=True) as db,
        db.read() as connection,
    ):
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }


def test_only_a_load_that_can_be_made_again_commits_without_waiting_for_the_disk(
    tmp_path: Path,
) -> None:
    # The demo's replay: NORMAL in WAL mode, kept around the bookkeeping's own NORMAL.
    url = f"sqlite:///{tmp_path / 'x.db'}"
    pragma = "PRAGMA synchronous"
    with open_database(url, create=True, durable=False) as db:
        db.bookkeep("SELECT 1", [{}])
        with db.read() as connection:
            assert connection.exec_driver_sql(pragma).scalar() == 1  # NORMAL
    with open_database(url) as db:
        db.bookkeep("SELECT 1", [{}])
        with db.read() as connection:
            assert connection.exec_driver_sql(pragma).scalar() == 2  # FULL


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_load_that_can_be_made_again_commits_asynchronously_on_postgresql(db_url: str) -> None:
    show = "SHOW synchronous_commit"
    with open_database(db_url, durable=False) as db:
        assert db.write(lambda c: c.exec_driver_sql(show).scalar()) == "off"


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_bookkeeping_runs_each_row_and_answers_each_first_value(db_url: str) -> None:
    # Counters of the door, added a thousand at a time (on PostgreSQL in one round trip):
    # each row's statement runs in order, each answers its first value (None without).
    with open_database(db_url, create=True) as db:
        create = "CREATE TABLE tally (name VARCHAR(20) PRIMARY KEY, n INTEGER NOT NULL)"
        db.write(lambda c: c.exec_driver_sql(create))
        add = (
            "INSERT INTO tally (name, n) VALUES (:name, :n) ON CONFLICT (name) DO UPDATE "
            "SET n = tally.n + excluded.n RETURNING n"
        )
        rows = [{"name": f"b{i % 700}", "n": i} for i in range(1000)]
        found = db.bookkeep(add, rows)
        assert found == [i if i < 700 else i + (i - 700) for i in range(1000)]
        assert db.bookkeep("UPDATE tally SET n = :n WHERE name = :name", rows[:2]) == [None, None]
        assert db.bookkeep(add, []) == []
        with db.read() as connection:
            query = "SELECT n FROM tally WHERE name IN ('b0', 'b1', 'b699') ORDER BY name"
            assert connection.exec_driver_sql(query).scalars().all() == [0, 1, 699]


def test_bookkeeping_that_cannot_connect_fails_as_sqlalchemy_tells_it(tmp_path: Path) -> None:
    # The door's threads that write bookkeeping catch SQLAlchemy's errors, and log them
    # without their values: the pool's own, the driver's, are told the same way.
    folder = tmp_path / "gone"
    folder.mkdir()
    db = open_database(f"sqlite:///{folder / 'x.db'}", create=True)
    db.dispose()
    shutil.rmtree(folder)
    with pytest.raises(sa.exc.OperationalError) as raised:
        db.bookkeep("SELECT :secret", [{"secret": "hunter2"}])
    assert "hunter2" not in str(raised.value)


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_a_value_among_many_reads_the_same_rows_on_both_engines(db_url: str) -> None:
    # The batch's reads by hundreds of values (an array on PostgreSQL, IN on SQLite).
    table = sa.Table(
        "pair",
        sa.MetaData(),
        sa.Column("name", sa.String(20), primary_key=True),
        sa.Column("n", sa.Integer, primary_key=True),
    )
    with open_database(db_url, create=True) as db:
        db.write(lambda c: table.create(c))
        rows = [{"name": f"p{i % 7}", "n": i} for i in range(300)]
        db.write(lambda c: c.execute(table.insert(), rows))

        def found(where: Callable[[sa.Connection], sa.ColumnElement[bool]]) -> list[int]:
            with db.read() as connection:
                query = sa.select(table.c.n).where(where(connection)).order_by(table.c.n)
                return list(connection.execute(query).scalars())

        assert found(lambda c: any_of(c, table.c.n, [5, 299, 400, 5])) == [5, 299]
        assert found(lambda c: any_of(c, table.c.n, [])) == []
        assert found(lambda c: any_of(c, table.c.name, ["p6", "q"])) == list(range(6, 300, 7))
        wanted = [("p1", 1), ("p1", 2), ("p2", 9), ("x", 3)]
        assert found(lambda c: pairs_any_of(c, table.c.name, table.c.n, wanted)) == [1, 9]
        assert found(lambda c: pairs_any_of(c, table.c.name, table.c.n, [])) == []


def test_sqlite_checkpoints_its_wal_in_a_thread_of_its_own(tmp_path: Path) -> None:
    # Commits never checkpoint (that made one act in a few hundred slower); a thread copies
    # the WAL into the database file after writes. Seen from the file alone (immutable: WAL
    # ignored) while another connection keeps the database open, so that closing ours does
    # not checkpoint either.
    path = tmp_path / "x.db"
    with open_database(f"sqlite:///{path}", create=True) as db:
        db.write(lambda c: c.exec_driver_sql("CREATE TABLE t (n INTEGER)"))
        keeper = sqlite3.connect(path)
        with db.read() as connection:
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        for n in range(50):
            db.write(lambda c, n=n: c.exec_driver_sql(f"INSERT INTO t VALUES ({n})"))
        in_file = 0
        for _ in range(100):
            with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as file:
                if file.execute("SELECT 1 FROM sqlite_master WHERE name = 't'").fetchone():
                    in_file = file.execute("SELECT count(*) FROM t").fetchone()[0]
            if in_file == 50:
                break
            time.sleep(0.05)
    keeper.close()
    assert in_file == 50


def test_sqlite_writes_hold_the_write_lock_from_their_first_statement(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with open_database(url, create=True) as db:
        db.write(lambda c: c.exec_driver_sql("CREATE TABLE t (n INTEGER)"))

        def act(connection: sa.engine.Connection) -> bool:
            connection.exec_driver_sql("SELECT 1")  # a read, yet the lock is already ours
            other = sa.create_engine(url, connect_args={"timeout": 0})
            try:
                with other.connect() as rival:
                    rival.exec_driver_sql("INSERT INTO t VALUES (1)")
                    rival.commit()
            except sa.exc.OperationalError as error:
                return "database is locked" in str(error)
            finally:
                other.dispose()
            return False

        assert db.write(act) is True


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_commits_synchronously_and_isolates_as_asked(db_url: str) -> None:
    with open_database(db_url) as db:
        show = "SHOW synchronous_commit"
        level = "SHOW transaction_isolation"
        assert db.write(lambda c: c.exec_driver_sql(show).scalar()) == "on"
        assert db.write(lambda c: c.exec_driver_sql(level).scalar()) == "read committed"
        serial = db.write(lambda c: c.exec_driver_sql(level).scalar(), serializable=True)
        assert serial == "serializable"


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_what_is_read_before_the_writers_turn_waits_for_no_other_writer(db_url: str) -> None:
    # Another writer holds the turn: the reads before it run at once, in the transaction
    # the act then runs in once the turn is free.
    order: list[str] = []
    read_first = threading.Event()

    def before_turn(connection: sa.engine.Connection) -> None:
        order.append(f"before the turn, txid {connection.exec_driver_sql(TXID).scalar()}")
        read_first.set()

    def act(connection: sa.engine.Connection) -> None:
        order.append(f"the act, txid {connection.exec_driver_sql(TXID).scalar()}")

    with open_database(db_url) as db, db.engine.connect() as holder:
        holder.exec_driver_sql("SELECT pg_advisory_lock(1917)")
        writer = threading.Thread(target=db.write, args=(act,), kwargs={"before_turn": before_turn})
        writer.start()
        assert read_first.wait(10)
        time.sleep(0.2)
        assert len(order) == 1  # the act waits for the turn
        holder.exec_driver_sql("SELECT pg_advisory_unlock(1917)")
        holder.commit()
        writer.join(10)
    assert [line.split(", ")[0] for line in order] == ["before the turn", "the act"]
    assert order[0].split()[-1] == order[1].split()[-1]  # one transaction


def test_on_sqlite_what_is_read_before_the_turn_runs_first_in_the_act_s_transaction(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with open_database(url, create=True) as db:
        db.write(lambda c: c.exec_driver_sql("CREATE TABLE t (n INTEGER)"))
        seen: list[int] = []

        def before_turn(connection: sa.engine.Connection) -> None:
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")

        def act(connection: sa.engine.Connection) -> None:
            seen.append(connection.exec_driver_sql("SELECT count(*) FROM t").scalar_one())
            raise ValueError("nothing of it is kept")

        with pytest.raises(ValueError, match="nothing of it is kept"):
            db.write(act, before_turn=before_turn)
        with db.read() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar_one() == 0
    assert seen == [1]


TXID = "SELECT txid_current()"
SERIALIZATION_FAILURE = "DO $$ BEGIN RAISE EXCEPTION 'lost a race' USING ERRCODE = '40001'; END $$"


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_lost_race_is_retried_and_the_retries_are_bounded(db_url: str) -> None:
    attempts: list[int] = []

    def act(connection: sa.engine.Connection, fail_times: int) -> int:
        attempts.append(1)
        if len(attempts) <= fail_times:
            connection.exec_driver_sql(SERIALIZATION_FAILURE)
        return len(attempts)

    with open_database(db_url) as db:
        assert db.write(lambda c: act(c, 3), serializable=True) == 4
        attempts.clear()
        with pytest.raises(StorageError) as raised:
            db.write(lambda c: act(c, MAX_ATTEMPTS), serializable=True)
    assert len(attempts) == MAX_ATTEMPTS
    assert raised.value.code == "unavailable"
    assert str(raised.value).endswith(
        f"gave up after {MAX_ATTEMPTS} attempts lost to concurrent writers"
    )


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_table_grown_by_a_copy_is_counted_again_within_the_act(db_url: str) -> None:
    """PostgreSQL plans by its last count of a table. Rows copied in past that count have
    the table counted again before the act goes on, so that its next reads are planned
    for the table as it now is; a copy of fewer rows than the table holds leaves it."""
    table = sa.Table("grown", sa.MetaData(), sa.Column("n", sa.Integer, primary_key=True))

    def counted(connection: sa.Connection) -> float:
        query = sa.text("SELECT reltuples FROM pg_class WHERE relname = 'grown'")
        return float(connection.execute(query).scalar_one())

    with open_database(db_url, create=True) as db:
        db.write(lambda c: table.create(c))

        def load(first: int, count: int) -> Callable[[sa.Connection], float]:
            def act(connection: sa.Connection) -> float:
                insert_rows(connection, table, [{"n": first + i} for i in range(count)])
                return counted(connection)

            return act

        assert db.write(load(0, ANALYZE_FROM - 1)) < 0  # never counted: a small copy
        assert db.write(load(ANALYZE_FROM, ANALYZE_FROM)) == 2 * ANALYZE_FROM - 1
        assert db.write(load(2 * ANALYZE_FROM, ANALYZE_FROM)) == 2 * ANALYZE_FROM - 1
