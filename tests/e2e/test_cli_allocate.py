"""`soviet allocate` and `soviet biproportional` from the command line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from soviet.cli.app import app, command_tree
from soviet.errors import InvalidInput

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
runner = CliRunner()


@pytest.fixture
def votes(tmp_path: Path) -> Path:
    path = tmp_path / "votes.csv"
    path.write_text("name,votes\nA,100\nB,80\nC,30\nD,20\n", encoding="utf-8")
    return path


@pytest.fixture
def zurich(tmp_path: Path) -> tuple[Path, Path]:
    with (GOLDEN / "zurich_city_gemeinderat_2006_long.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    votes, seats = tmp_path / "zurich.csv", tmp_path / "seats.csv"
    votes.write_text(
        "district,party,votes\n"
        + "".join(f"{r['district']},{r['party']},{r['votes']}\n" for r in rows),
        encoding="utf-8",
    )
    districts = {r["district"]: r["district_seats"] for r in rows}
    seats.write_text(
        "district,seats\n" + "".join(f"{d},{s}\n" for d, s in districts.items()), encoding="utf-8"
    )
    return votes, seats


def soviet(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from soviet.cli.app import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )


def test_allocate_prints_a_table_with_shares_and_the_gallagher_index(votes: Path) -> None:
    result = runner.invoke(app, ["allocate", str(votes), "--seats", "8", "--method", "dhondt"])
    assert result.exit_code == 0, result.output
    assert "vote share" in result.output
    assert "seat share" in result.output
    assert "43.48%" in result.output
    assert "Gallagher index 7.93" in result.output


def test_allocate_writes_csv_and_json(votes: Path) -> None:
    as_csv = runner.invoke(
        app, ["allocate", str(votes), "--seats", "8", "--method", "hare", "--format", "csv"]
    )
    assert as_csv.output == "name,votes,seats\nA,100,3\nB,80,3\nC,30,1\nD,20,1\n"
    args = [
        "allocate",
        str(votes),
        "--seats",
        "8",
        "--method",
        "dhondt",
        "--threshold",
        "10%",
        "--format",
        "json",
    ]
    as_json = json.loads(runner.invoke(app, args).output)
    assert as_json["seats"] == {"A": 4, "B": 3, "C": 1, "D": 0}
    assert as_json["method"] == "dhondt"


def test_allocate_with_minimum_and_a_draw_by_lot(tmp_path: Path) -> None:
    path = tmp_path / "tied.csv"
    path.write_text("name,votes\nA,5\nB,5\nC,1\n", encoding="utf-8")
    args = ["allocate", str(path), "--seats", "4", "--method", "dhondt", "--min", "1"]
    result = runner.invoke(app, [*args, "--ties", "lot", "--seed", "3", "--format", "json"])
    assert sorted(json.loads(result.output)["seats"].values()) == [1, 1, 2]
    assert json.loads(result.output)["draws"][0]["tied"] == ["A", "B"]


def test_biproportional_reproduces_zurich_2006(zurich: tuple[Path, Path]) -> None:
    votes, seats = zurich
    args = [
        "biproportional",
        str(votes),
        "--district-seats",
        str(seats),
        "--upper",
        "voter-numbers",
    ]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["party_seats"]["SP"] == 44
    table = runner.invoke(app, args)
    assert "Gallagher index" in table.output
    assert "WK12" in table.output


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("name,votes\nA,x\n", [], "votes.csv, line 2, column 'votes': not a number: 'x'"),
        (
            "name,votes\nA,-1\n",
            [],
            "votes.csv, line 2, column 'votes': not a non-negative number: '-1'",
        ),
        ("name,count\nA,1\n", [], "votes.csv: missing column 'votes' (columns found: name, count)"),
        ("name,votes\nA,1\nA,2\n", [], "votes.csv, line 3, column 'name': 'A' appears twice"),
        (
            "name,votes\nA,1\n",
            ["--threshold", "lots"],
            "--threshold: not a share: 'lots' (write 3% or 0.03)",
        ),
    ],
)
def test_bad_csv_names_file_line_and_column(
    tmp_path: Path, content: str, args: list[str], message: str
) -> None:
    path = tmp_path / "votes.csv"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(
        app, ["allocate", str(path), "--seats", "1", "--method", "dhondt", *args]
    )
    assert isinstance(result.exception, InvalidInput)
    expected = f"{tmp_path}/{message}" if message.startswith("votes") else message
    assert str(result.exception) == expected


def test_an_error_is_one_line_on_stderr_with_a_non_zero_exit(votes: Path) -> None:
    done = soviet("allocate", str(votes), "--seats", "3", "--method", "borda")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: unknown method 'borda'; known methods: adams,")
    tie = soviet(
        "allocate",
        str(votes),
        "--seats",
        "1",
        "--method",
        "hare",
        "--min",
        "0",
        "--threshold",
        "50%",
    )
    assert tie.returncode == 2
    assert tie.stderr == "error: threshold 50% excludes every key: none has a seat\n"


@pytest.mark.parametrize("name", ["allocate", "biproportional"])
def test_every_command_and_option_has_help(name: str) -> None:
    sub = command_tree().commands[name]
    assert sub.help
    for parameter in sub.params:
        assert getattr(parameter, "help", None), f"{name} {parameter.name} has no help"
    assert runner.invoke(app, [name, "--help"]).exit_code == 0
