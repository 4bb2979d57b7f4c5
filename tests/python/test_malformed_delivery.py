"""A malformed delivery stops before anything is built, naming the file, the line and the problem;
the published warehouse is left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from cjw.build import build
from cjw.delivery import DeliveryError, check_delivery


@pytest.fixture(scope="module")
def good_delivery(built_world, tmp_path_factory) -> Path:
    return built_world.raw_dir


def copy_delivery(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True)
    for f in src.glob("*.csv"):
        shutil.copy(f, dst / f.name)
    return dst


def rewrite(path: Path, fn) -> None:
    path.write_bytes(fn(path.read_bytes()))


def latin1_on_line(data: bytes, line: int) -> bytes:
    """Put a Latin-1 encoded 'é' (byte 0xE9, invalid in UTF-8) into the given line."""
    lines = data.split(b"\n")
    lines[line - 1] = lines[line - 1].replace(b",", "\u00e9,".encode("latin-1"), 1)
    return b"\n".join(lines)


CASES = {
    "missing column": ("raw_orders", lambda b: b.replace(b",currency,", b",", 1),
                       "missing column(s) currency"),
    "renamed column": ("raw_memberships", lambda b: b.replace(b"member_number", b"member_no", 1),
                       "missing column(s) member_number; unexpected column(s) member_no"),
    "empty file": ("raw_social_interactions", lambda b: b"", "empty file"),
    "header only": ("raw_direct_mail", lambda b: b.split(b"\n")[0] + b"\n", "no data rows"),
    "wrong delimiter": ("raw_support_tickets", lambda b: b.replace(b",", b";"), "wrong delimiter"),
    "not utf-8": ("raw_crm_contacts", lambda b: latin1_on_line(b, 3), "line 3: not UTF-8"),
    "truncated last line": ("raw_web_events", lambda b: b.rstrip(b"\n")[: -40], "missing columns"),
    "extra field": ("raw_ad_clicks", lambda b: b.replace(b"\n", b",EXTRA\n", 2).replace(b",EXTRA\n", b"\n", 1),
                    "line 2: too many columns"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_file_is_named_with_its_problem(good_delivery, tmp_path, case):
    file, breaker, expected = CASES[case]
    delivery = copy_delivery(good_delivery, tmp_path / "delivery")
    rewrite(delivery / f"{file}.csv", breaker)
    reports = {r.file: r for r in check_delivery(delivery)}
    assert reports[file].errors, f"{case} was not detected"
    message = "; ".join(reports[file].errors)
    assert expected in message, message
    assert all(not r.errors for name, r in reports.items() if name != file), "only the broken file is reported"


def test_good_delivery_passes(good_delivery):
    assert all(not r.errors for r in check_delivery(good_delivery))


def test_truncated_last_line_names_the_line(good_delivery, tmp_path):
    delivery = copy_delivery(good_delivery, tmp_path / "delivery")
    path = delivery / "raw_web_events.csv"
    n_lines = path.read_bytes().count(b"\n")
    rewrite(path, lambda b: b.rstrip(b"\n")[:-40])
    report = next(r for r in check_delivery(delivery) if r.file == "raw_web_events")
    assert f"line {n_lines}:" in report.errors[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_malformed_delivery_leaves_published_warehouse_untouched(built_world, tmp_path, monkeypatch):
    published = tmp_path / "pub" / "warehouse.duckdb"
    published.parent.mkdir()
    shutil.copy(built_world.warehouse, published)
    before = digest(published)
    delivery = copy_delivery(built_world.raw_dir, tmp_path / "delivery")
    rewrite(delivery / "raw_orders.csv", CASES["missing column"][1])
    monkeypatch.setenv("DUCKDB_PATH", str(published))
    with pytest.raises(DeliveryError) as err:
        build(raw_dir=delivery)
    assert "raw_orders.csv" in str(err.value) and "currency" in str(err.value)
    assert digest(published) == before
    assert sorted(os.listdir(published.parent)) == ["warehouse.duckdb"], "no partial build left beside it"


NASTY = {
    "a directory": ("raw_orders", None, "raw_orders.csv: cannot be read"),
    "binary garbage": ("raw_memberships", bytes(range(256)) * 40, "not UTF-8"),
    "markup in the header": ("raw_support_tickets", b"ticket_id,[red]channel[/],[/]\n1,2,3\n",
                             "missing column(s) requester_email"),
}


@pytest.mark.parametrize("case", list(NASTY))
def test_no_input_file_makes_the_cli_print_a_traceback(good_delivery, tmp_path, case):
    """Whatever a file holds, `cjw build` names the file (and the line) and exits; its text is
    printed as is, never read as terminal markup."""
    import subprocess
    import sys

    file, content, expected = NASTY[case]
    delivery = copy_delivery(good_delivery, tmp_path / "delivery")
    path = delivery / f"{file}.csv"
    path.unlink()
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    cli = Path(sys.executable).parent / "cjw"
    env = dict(os.environ, DUCKDB_PATH=str(tmp_path / "pub" / "warehouse.duckdb"))
    for command in (["build", "--raw-dir", str(delivery)], ["check", "--raw-dir", str(delivery)]):
        result = subprocess.run([str(cli), *command], env=env, capture_output=True, text=True, timeout=120)
        out = result.stdout + result.stderr
        assert result.returncode in (1, 2), out
        assert "Traceback" not in out and "internal error" not in out, out
        assert expected in " ".join(out.split()), out
    if case == "markup in the header":
        assert "[red]channel[/]" in out, "the header is printed as delivered"
