"""An organisation without most of the systems: a delivery with only the CRM, web analytics, email
and commerce exports builds, passes the gate, publishes, and every report page renders, saying
which channels are not connected instead of drawing empty charts."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest
from tests_support import PAGES, open_clean_page, reports_site

from cjw.build import build
from cjw.registry import raw_files

CONNECTED = {"crm", "web", "email", "commerce"}


@pytest.fixture(scope="module")
def four_sources(built_world, tmp_path_factory):
    root = tmp_path_factory.mktemp("four-sources")
    delivery = root / "delivery"
    delivery.mkdir()
    for name, raw_file in raw_files().items():
        if raw_file.source in CONNECTED:
            shutil.copy(built_world.raw_dir / f"{name}.csv", delivery / f"{name}.csv")
    target = root / "wh" / "warehouse.duckdb"
    old = os.environ.get("DUCKDB_PATH")
    os.environ["DUCKDB_PATH"] = str(target)
    try:
        without = {f.source for f in raw_files().values()} - CONNECTED
        result = build(raw_dir=delivery, without=without)
    finally:
        os.environ.pop("DUCKDB_PATH") if old is None else os.environ.__setitem__("DUCKDB_PATH", old)
    return result


def test_a_missing_file_of_a_connected_source_is_still_an_error(built_world, tmp_path, monkeypatch):
    from cjw.delivery import DeliveryError

    delivery = tmp_path / "delivery"
    delivery.mkdir()
    shutil.copy(built_world.raw_dir / "raw_web_events.csv", delivery)
    monkeypatch.setenv("DUCKDB_PATH", str(tmp_path / "wh" / "warehouse.duckdb"))
    with pytest.raises(DeliveryError) as error:
        build(raw_dir=delivery, without={"social", "direct_mail"})
    message = str(error.value)
    assert "raw_orders.csv: file is missing" in message and "raw_social_interactions" not in message


def test_four_sources_build_and_publish(four_sources):
    assert four_sources.disabled_sources == sorted({f.source for f in raw_files().values()} - CONNECTED)
    with duckdb.connect(str(four_sources.published), read_only=True) as con:
        sources = dict(con.execute("select source_name, is_connected from reporting.mart_data_sources").fetchall())
        assert {s for s, connected in sources.items() if connected} == CONNECTED
        assert len(sources) == len({f.source for f in raw_files().values()})
        systems = {r[0] for r in con.execute("select distinct source_system from marts.fct_touchpoints").fetchall()}
        assert systems == {"web", "email", "orders"}
        assert con.execute("select count(*) from marts.dim_customers").fetchone()[0] > 500
        assert con.execute("select count(*) from audit.raw_reconciliation").fetchone()[0] == len(CONNECTED)
        # orders in a currency the delivery has no rates for are quarantined, not dropped
        reasons = con.execute("select count(*) from audit.quarantine where reason like '%no exchange rates%'"
                              ).fetchone()[0]
        assert reasons > 0
        failed = con.execute("select count(*) from audit.dq_results where not success and severity = 'critical'"
                             ).fetchone()[0]
        assert failed == 0


@pytest.fixture(scope="module")
def four_source_site(four_sources, tmp_path_factory):
    with reports_site(four_sources.published, tmp_path_factory.mktemp("four-source-reports")) as url:
        yield url


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_says_what_is_not_connected(four_source_site, browser, path):
    page, text = open_clean_page(browser, four_source_site + path, 0, f"four-sources-{path.strip('/') or 'index'}")
    assert "Not connected:" in text and "social" in text
    page.close()
