"""A small federation of 1917 driven entirely through the `soviet` command, as a user would:
its real entrypoint run in this process (inprocess.py), and the commands that run at once
(`together`) as `soviet` processes of their own.

The main flow runs on SQLite and on PostgreSQL; the refusals of bad files run on SQLite.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database

from .accounts import as_administrator
from .inprocess import run_soviet

STATUTE = """
federation: {slug: petrograd-1917, name: Petrograd 1917, administrators: [chkheidze]}
constituency_kinds:
  factory: {name: Factory}
  regiment: {name: Regiment}
councils:
  petrograd-soviet:
    name: Petrograd Soviet
    delegates:
      factory: {per_voters: 1000, rounding: nearest, minimum: 1}
      regiment: {fixed: 1}
    election: {method: dhondt}
    recall: {basis: electorate, share: 1/2, then: next-on-list}
"""
CONSTITUENCIES = """slug,name,kind,council,electorate,tags
putilov,Putilov Works,factory,petrograd-soviet,5000,ward=narva
volynsky,Volynsky Regiment,regiment,petrograd-soviet,4,ward=liteiny;district=x
"""
PERSONS = """slug,name,party
b1,Bolshevik One,bolsheviks
b2,Bolshevik Two,bolsheviks
b3,Bolshevik Three,bolsheviks
b4,Bolshevik Four,bolsheviks
b5,Bolshevik Five,bolsheviks
m1,Menshevik One,mensheviks
m2,Menshevik Two,mensheviks
s1,SR One,sr
s2,SR Two,sr
x1,Of No Party,
"""
SOLDIERS = (
    "key,name,account\nv1,Soldier One,soldier-1\nv2,Soldier Two,soldier-2\n"
    "v3,Soldier Three,soldier-3\nv4,Soldier Four,soldier-4\n"
)
# Putilov: 5 delegates (1 per 1000 voters); D'Hondt gives 4 Bolsheviks, 1 Menshevik.
# Volynsky: 1 delegate regardless of its strength, to the SRs.
VOTES = """constituency,party,votes
putilov,bolsheviks,3100
putilov,mensheviks,1500
putilov,sr,500
volynsky,sr,2000
volynsky,bolsheviks,1500
"""
COMMITTEES = {"bolsheviks": "lenin", "mensheviks": "martov", "sr": "chernov"}
LISTS = {
    "bolsheviks": ["b1", "b2", "b3", "b4", "b5"],
    "mensheviks": ["m1", "m2"],
    "sr": ["s1", "s2"],
}
COUNCIL = "petrograd-soviet"
HASH = re.compile(r"^receipt [0-9a-f]{64}$", re.MULTILINE)
MARCH_5 = "1917-03-05T00:00:00.000000Z"


def soviet(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `soviet ARGS` through its real entrypoint, in this process (inprocess.py), with
    COLUMNS wide enough for one line."""
    return run_soviet(as_administrator(args))


def together(*commands: tuple[str, ...]) -> list[str]:
    """Run independent commands at once, each a `python -m soviet` process of its own as a
    user would start it (they must all succeed), and return their outputs."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SOVIET_")}
    environment["COLUMNS"] = "200"
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "soviet", *as_administrator(args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for args in commands
    ]
    outputs = []
    for args, process in zip(commands, running, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, (args, err)
        outputs.append(out)
    return outputs


def ok(*args: str) -> str:
    """The output of a command that must succeed."""
    done = soviet(*args)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def files(folder: Path, **texts: str) -> dict[str, str]:
    """Write each text to folder/NAME and return the paths by name."""
    paths = {}
    for name, text in texts.items():
        path = folder / name.replace("_", ".")
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    return paths


def member(person: str, party: str, constituency: str, seat: int, since: str) -> dict[str, Any]:
    return {
        "person": person,
        "party": party,
        "constituency": constituency,
        "seat": seat,
        "since": since,
        "delegation": None,
        "co_opted_for": None,
        "voting": True,
    }


ELECTED = [
    member("b1", "bolsheviks", "putilov", 1, MARCH_5),
    member("b2", "bolsheviks", "putilov", 2, MARCH_5),
    member("b3", "bolsheviks", "putilov", 3, MARCH_5),
    member("b4", "bolsheviks", "putilov", 4, MARCH_5),
    member("m1", "mensheviks", "putilov", 5, MARCH_5),
    member("s1", "sr", "volynsky", 1, MARCH_5),
]


def found(db: str, folder: Path) -> None:
    """A federation founded, peopled and elected through the command line."""
    paths = files(folder, statute_yaml=STATUTE, c_csv=CONSTITUENCIES, p_csv=PERSONS, m_csv=SOLDIERS)
    ok("--db", db, "init")
    ok("--db", db, "apply", paths["statute_yaml"], "--effective", "1917-02-27")
    out = ok("constituency", "import", paths["c_csv"], "--effective", "1917-02-27", "--db", db)
    assert out.startswith("admitted 2 constituencies with 5004 voters\n")
    together(
        *(
            (
                *("party", "register", party, "--name", party.title(), "--programme"),
                *(f"The {party} programme.", "--committee", leader, "--db", db),
            )
            for party, leader in COMMITTEES.items()
        )
    )
    out = ok("person", "import", paths["p_csv"], "--at", "1917-02-27", "--db", db)
    assert out.splitlines()[1:-1] == [
        "5 joined 'bolsheviks'",
        "2 joined 'mensheviks'",
        "2 joined 'sr'",
    ]
    *_, out = together(
        *(
            (
                "party",
                "list",
                party,
                *persons,
                "--council",
                COUNCIL,
                "--as",
                COMMITTEES[party],
                "--db",
                db,
            )
            for party, persons in LISTS.items()
        ),
        ("members", "import", "volynsky", paths["m_csv"], "--db", db),
    )
    assert out.startswith("registered 4 members of 'volynsky'\n")


def elect(db: str, folder: Path) -> None:
    votes = files(folder, v_csv=VOTES)["v_csv"]
    election = ok("election", "open", COUNCIL, "--at", "1917-03-01", "--db", db).strip()
    assert election.isdigit()
    out = ok("election", "count", election, votes, "--db", db)
    assert out.startswith(f"election {election}: 5 counts, 8600 votes entered\n")
    closed = json.loads(
        ok("election", "close", election, "--at", "1917-03-05", "--json", "--db", db)
    )
    assert re.fullmatch("[0-9a-f]{64}", closed.pop("receipt"))
    assert closed == {
        "election": election,
        "seats": [
            {"constituency": "putilov", "party": "bolsheviks", "seats": 4},
            {"constituency": "putilov", "party": "mensheviks", "seats": 1},
            {"constituency": "volynsky", "party": "sr", "seats": 1},
        ],
        "filled": 6,
        "ended": 0,
        "draws": [],
    }


def test_a_federation_through_the_command_line(db_url: str, tmp_path: Path) -> None:
    found(db_url, tmp_path)
    elect(db_url, tmp_path)

    # Half the regiment's 4 voters recall their delegate; the next SR on the list sits.
    # Each signs and withdraws in her own name; the administrator may not do it for her.
    sign = ("recall", "sign", COUNCIL, "s1", "--db", db_url)
    for act in (sign, ("recall", "withdraw", COUNCIL, "s1", "--db", db_url)):
        impersonated = soviet(*act, "--member", "v1", "--as", "chkheidze")
        assert impersonated.returncode == 4, impersonated.stderr
        assert impersonated.stderr.startswith("error: chkheidze may not ")
    first = ok(*sign, "--member", "v1", "--at", "1917-06-01", "--as", "soldier-1")
    assert first.startswith("recall of s1: 1/2 signatures (petition ")
    assert "RECALLED" not in first
    withdraw = ("recall", "withdraw", COUNCIL, "s1", "--member", "v1", "--as", "soldier-1")
    withdrawn = ok(*withdraw, "--db", db_url)
    assert withdrawn.startswith("member 'v1' withdrew her signature from the recall of s1\n")
    assert ok(*sign, "--member", "v1", "--as", "soldier-1").startswith(
        "recall of s1: 1/2 signatures"
    )
    final = ok(*sign, "--member", "v2", "--at", "1917-06-02", "--as", "soldier-2")
    assert final.splitlines()[1] == "RECALLED: s1; s2 takes the seat"
    assert HASH.search(final)

    # Only the party's central committee replaces its delegate, by another party member.
    replace = ("delegate", "replace", COUNCIL, "b1", "--by", "b5", "--at", "1917-07-01")
    refused = soviet(*replace, "--as", "martov", "--db", db_url)
    assert (refused.returncode, refused.stdout) == (4, "")
    assert refused.stderr == (
        "error: martov may not replace the party's delegates (party 'bolsheviks') in "
        "'petrograd-1917'\n"
    )
    assert ok(*replace, "--as", "lenin", "--db", db_url).startswith("b5 replaces b1 in ")
    resigned = ok("delegate", "resign", COUNCIL, "m1", "--at", "1917-08-01", "--db", db_url)
    assert resigned.startswith(f"mandate of m1 in '{COUNCIL}' ended by resignation\n")

    # Reads at once: the council now, the council as elected (history is never rewritten,
    # in the table view), and verify.
    now, table, verified = together(
        ("council", "show", COUNCIL, "--json", "--db", db_url),
        ("council", "show", COUNCIL, "--as-of", "1917-03-05", "--db", db_url),
        ("--db", db_url, "verify", "--witness", str(tmp_path / "witness.json")),
    )
    shown = json.loads(now)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", shown.pop("as_of"))
    assert shown == {
        "council": COUNCIL,
        "seats": 6,
        "filled": 6,
        "fractions": {"bolsheviks": 4, "mensheviks": 1, "sr": 1},
        "majority": "bolsheviks",
        "convened": True,
        "members": [
            member("b5", "bolsheviks", "putilov", 1, "1917-07-01T00:00:00.000000Z"),
            *ELECTED[1:4],
            member("m2", "mensheviks", "putilov", 5, "1917-08-01T00:00:00.000000Z"),
            member("s2", "sr", "volynsky", 1, "1917-06-02T00:00:00.000000Z"),
        ],
    }
    lines = [line.rstrip() for line in table.splitlines()]
    assert lines[:5] == [
        f"{COUNCIL} as of 1917-03-05T23:59:59.999999Z",
        "seats 6, filled 6, majority bolsheviks",
        "bolsheviks  4  ████",
        "mensheviks  1  █",
        "sr          1  █",
    ]
    rows = [line.split() for line in lines if line.startswith("│")]
    assert rows == [
        [
            "│",
            *(m["person"], "│", m["party"], "│", m["constituency"], "│"),
            str(m["seat"]),
            "│",
            m["since"],
            "│",
        ]
        for m in ELECTED
    ]
    # The recall, the replacement and the resignation each seat someone of the same party:
    # the council's drift is unchanged, so none of them journals a measurement of it.
    assert re.fullmatch(r"OK: 22 entries, head [0-9a-f]{64}\n", verified)


# Refusals: one line each, exit code 2, and the journal unchanged.


@pytest.fixture(scope="module")
def founded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A federation with its statute and nothing else, on SQLite."""
    folder = tmp_path_factory.mktemp("refusals")
    db = f"sqlite:///{folder / 'soviet.db'}"
    ok("--db", db, "init")
    ok("--db", db, "apply", files(folder, statute_yaml=STATUTE)["statute_yaml"])
    return db, folder


def journal(db: str) -> list[str]:
    with open_database(db) as database:
        return [entry.hash for entry in journal_service.tail(database, 1000, actor=SYSTEM)]


BAD_FILES = [
    pytest.param(
        ("constituency", "import", "{path}"),
        "slug,name,kind,council,electorate,tags\n"
        "kronstadt,Kronstadt,regiment,petrograd-soviet,many,\n"
        "obukhov,,factory,petrograd-soviet,3000,ward\n"
        "kronstadt,Kronstadt Again,regiment,petrograd-soviet,1,\n"
        "narva,Narva,factory,petrograd-soviet,1,,extra\n",
        "{path}: 5 problems, nothing admitted:\n  line 2: electorate 'many' is not a whole "
        "number of at least 0\n  line 3: name is empty\n  line 3: tag 'ward' is not key=value\n"
        "  line 4: slug 'kronstadt' repeats line 2\n  line 5: more fields than columns",
        id="constituencies",
    ),
    pytest.param(
        ("constituency", "import", "{path}"),
        "slug,name,kind,electorate,ward\nputilov,Putilov,factory,5000,narva\n",
        "{path}: line 1: columns must be slug,name,kind,council,electorate[,tags]; "
        "missing council; unknown ward",
        id="constituency-columns",
    ),
    pytest.param(
        ("person", "import", "{path}"),
        "slug,name,party\nb1,Bolshevik One,bolsheviks\nb1,Bolshevik Again,\n,Nameless,sr\n",
        "{path}: 3 problems, nobody registered:\n  line 2: party 'bolsheviks' is not registered\n"
        "  line 3: slug 'b1' repeats line 2\n  line 4: slug is empty",
        id="persons",
    ),
    pytest.param(
        ("election", "count", "7", "{path}"),
        "constituency,party,votes\nputilov,bolsheviks,-1\nputilov,,12.5\n",
        "{path}: 4 problems, nothing counted:\n  election 7 does not exist\n  line 2: votes '-1' "
        "is not a whole number of at least 0\n  line 3: party is empty\n  line 3: votes '12.5' "
        "is not a whole number of at least 0",
        id="votes",
    ),
    pytest.param(
        ("election", "count", "7", "{path}"),
        "party,votes\nbolsheviks,3100\n",
        "{path}: line 1: without a constituency column, name the constituency with --constituency",
        id="votes-without-constituency",
    ),
]


@pytest.mark.parametrize(("command", "text", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_every_problem_and_changes_nothing(
    founded: tuple[str, Path], command: tuple[str, ...], text: str, message: str
) -> None:
    db, folder = founded
    path = folder / "bad.csv"
    path.write_text(text, encoding="utf-8")
    before = journal(db)
    done = soviet(*(part.format(path=path) for part in command), "--db", db)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr == f"error: {message.format(path=path)}\n"
    assert journal(db) == before


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ("council", "show", COUNCIL, "--as-of", "1917-13-01"),
            "--as-of: '1917-13-01' is not an ISO date (1917-10-25) or date-time "
            "(1917-10-25T21:40:00)",
        ),
        (
            (
                *("constituency", "admit", "kronstadt", "--council", COUNCIL, "--kind"),
                *("regiment", "--name", "Kronstadt", "--electorate", "30", "--tag", "ward"),
            ),
            "--tag: 'ward' is not key=value",
        ),
    ],
    ids=["as-of", "tag"],
)
def test_a_bad_option_is_named_in_one_line(
    founded: tuple[str, Path], command: tuple[str, ...], message: str
) -> None:
    db, _ = founded
    before = journal(db)
    done = soviet(*command, "--db", db)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"error: {message}\n")
    assert journal(db) == before


def test_a_ballot_in_an_election_by_counts_is_refused(founded: tuple[str, Path]) -> None:
    db, folder = founded
    regiment = ("izmailovsky", "--council", COUNCIL, "--kind", "regiment", "--name", "Izmailovsky")
    ok("constituency", "admit", *regiment, "--electorate", "2", "--db", db)
    roll = files(folder, izmailovsky_csv="key,name,account\ni1,Soldier,soldier-i1\n")
    ok("members", "import", "izmailovsky", roll["izmailovsky_csv"], "--db", db)
    election = ok("election", "open", COUNCIL, "--db", db).strip()
    before = journal(db)
    ballot = ("election", "ballot", election, "bolsheviks", "--constituency", "izmailovsky")
    # A secret ballot is the member's own: the administrator may not cast it for her.
    done = soviet(*ballot, "--member", "i1", "--db", db)
    assert (done.returncode, done.stdout) == (4, "")
    assert done.stderr == (
        "error: chkheidze may not cast a ballot in another's name (constituency 'izmailovsky') "
        "in 'petrograd-1917'\n"
    )
    done = soviet(*ballot, "--member", "i1", "--as", "soldier-i1", "--db", db)
    assert (done.returncode, done.stdout) == (6, "")
    assert done.stderr == f"error: election {election} is decided by counts, not ballots\n"
    assert journal(db) == before


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ("recall", "vote", COUNCIL, "s1", "--member", "v1", "--choice", "recall"),
            f"s1 holds no seat in '{COUNCIL}'",
        ),
        (("party", "leave", "sr", "s1"), "party 'sr' does not exist"),
        (("party", "decline", "sr", "s1", "--council", COUNCIL), "party 'sr' does not exist"),
    ],
    ids=["recall-vote", "party-leave", "party-decline"],
)
def test_an_act_on_what_does_not_exist_is_named(
    founded: tuple[str, Path], command: tuple[str, ...], message: str
) -> None:
    db, _ = founded
    before = journal(db)
    done = soviet(*command, "--db", db)
    assert (done.returncode, done.stdout, done.stderr) == (3, "", f"error: {message}\n")
    assert journal(db) == before
