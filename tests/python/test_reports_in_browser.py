"""The Evidence reports, built offline from the test world's warehouse and read in Debian's
Chromium: every page renders its charts, shows no error, fetches nothing from outside, and its key
numbers equal the marts. Screenshots of every page land in test-artifacts/screenshots/."""

from __future__ import annotations

import re
import shutil
from decimal import ROUND_HALF_UP, Decimal

import pytest
from tests_support import PAGES, open_clean_page, open_page, reports_site

from cjw.build import PROJECT_DIR


@pytest.fixture(scope="session")
def site(built_world, tmp_path_factory):
    with reports_site(built_world.warehouse, tmp_path_factory.mktemp("reports")) as url:
        yield url


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_without_errors_and_states_its_data(site, browser, built_world, path):
    """Every page renders its charts with no error, and first says the data's as-of date (its last
    day) and the delivery and build it came from."""
    page, text = open_clean_page(browser, site + path, PAGES[path], path.strip("/") or "index")
    # charts: as many as the page declares, each with a drawn canvas
    sizes = page.eval_on_selector_all("[_echarts_instance_] canvas", "cs => cs.map(c => c.width * c.height)")
    assert len(sizes) >= PAGES[path] and all(s > 0 for s in sizes)
    con = built_world.connect_published()
    as_of = con.execute("select max(as_of_date) from marts.dim_customers").fetchone()[0]
    run_id, delivered_on = con.execute("select run_id, max(delivered_on) from audit.delivery_history "
                                       "group by run_id order by max(run_at) desc limit 1").fetchone()
    assert (f"Data as of {as_of:%B} {as_of.day}, {as_of:%Y} (its last day), from the delivery of "
            f"{delivered_on:%B} {delivered_on.day}, {delivered_on:%Y} (build {run_id}).") in text
    # the pages of the statistical fits say which data they were fitted on (audit.model_fits): in a
    # full build, all of it
    fits = {"/customers": ["The CLV model was fitted", "The lapse model was fitted"],
            "/touchpoints": ["This comparison was made"]}
    for lead in fits.get(path, []):
        assert f"{lead} on the data up to {as_of:%B} {as_of.day}, {as_of:%Y} (all the data)." in text, lead
    # at 1,400 px nothing is wider than the page, and no table hides columns in a scroll box
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    clipped = page.eval_on_selector_all(
        "table", "ts => ts.filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1).length")
    assert clipped == 0
    page.close()


def test_overview_numbers_equal_the_marts(site, browser, built_world):
    con = built_world.connect()
    kpi = dict(con.execute("select kpi, value from reporting.mart_headline_kpis").fetchall())
    page, problems = open_page(browser, site + "/", PAGES["/"])
    text = page.inner_text("body")
    assert f"{int(kpi['customers']):,}" in text
    assert f"{int(kpi['active_members']):,}" in text
    assert f"{int(kpi['conversions']):,}" in text
    # rounded half up, as the page does ($546,272.50 reads $546,273; Python's round() would say 272)
    revenue = int(half_up(kpi["revenue_usd"]))
    assert f"${revenue:,}" in text
    assert f"{kpi['nps']:.1f}" in text
    assert f"{kpi['multichannel_journey_pct']:.1f}%" in text
    assert problems == []


def test_funnel_and_quality_numbers_equal_the_marts(site, browser, built_world):
    con = built_world.connect()
    steps = con.execute("select step_name, persons from reporting.mart_funnel_steps "
                        "where funnel = 'event' and entry_channel = 'all' order by step_number").fetchall()
    page, _ = open_page(browser, site + "/funnels", PAGES["/funnels"])
    rows = page.inner_text("body")
    for number, (name, persons) in enumerate(steps, start=1):
        # step names in plain words: first_renewal reads "First renewal"
        assert f"{number}. {name.replace('_', ' ').capitalize()}\t{persons:,}" in rows, (name, persons)
    expectations, failed, run_at, run_id = con.execute("""
        select count(*), count(*) filter (where not success), max(run_at), any_value(run_id) from audit.dq_results
        where run_id = (select max(run_id) from audit.dq_results)""").fetchone()
    page, _ = open_page(browser, site + "/data-quality", PAGES["/data-quality"])
    text = page.inner_text("body")
    assert re.search(rf"Expectations checked\s+{expectations:,}\s", text)
    # when the gate ran, as a date and time (the run id alone means nothing to a reader)
    assert f"Latest gate run: {run_at:%Y-%m-%d %H:%M} UTC (run {run_id})" in text
    assert re.search(r"Critical failures\s+0\s", text)
    assert failed == 0 or "Every expectation of the latest run passed" not in text
    quarantined = con.execute("select count(*) from audit.quarantine").fetchone()[0]
    per_file = con.execute("select rows_quarantined from audit.raw_reconciliation "
                           "order by source_file").fetchall()
    assert sum(r[0] for r in per_file) == quarantined
    markov = con.execute("select channel, conversions from reporting.mart_channel_attribution "
                         "where model = 'markov' order by conversions desc limit 1").fetchone()
    page, _ = open_page(browser, site + "/attribution", PAGES["/attribution"])
    # channels in plain words on the page: organic_search reads "organic search"
    assert f"{markov[0].replace('_', ' ')}\t{markov[1]:,.1f}" in page.inner_text("body")


def test_spend_and_return_equal_the_mart(site, browser, built_world):
    """Attribution, spend and return under the default model (Markov): each paid channel's ad cost,
    cost per conversion and its interval, as the mart has them; the channel's conversions equal the
    Markov credit the page states above them."""
    con = built_world.connect()
    rows = con.execute("""
        select s.channel, sum(s.cost_usd), sum(s.conversions), sum(s.cost_usd) / sum(s.conversions),
               sum(s.cost_usd) / sum(s.conversions_high), sum(s.cost_usd) / sum(s.conversions_low),
               any_value(a.conversions)
        from reporting.mart_ad_spend_return as s
        inner join reporting.mart_channel_attribution as a on s.model = a.model and s.channel = a.channel
        where s.model = 'markov'
        group by s.channel""").fetchall()
    assert {r[0] for r in rows} == {"paid_search", "paid_social"}
    page, problems = open_page(browser, site + "/attribution", PAGES["/attribution"])
    text = page.inner_text("body")
    for channel, cost, conversions, per_conversion, low, high, channel_conversions in rows:
        assert abs(conversions - channel_conversions) < 1e-6
        # rounded half up, as the page does ($1,266.50 reads $1,267: seed 673118709)
        dollars = int(half_up(cost))
        line = (f"{channel.replace('_', ' ')}\t${dollars:,}\t")
        assert line in text, line
        assert f"{conversions:,.1f}\t${per_conversion:,.2f}\t${low:.2f} to ${high:.2f}" in text
    assert problems == []
    page.close()


SANKEY_LABELS = """() => {
  // the label boxes ECharts drew for each Sankey, read from the chart instances Evidence keeps on
  // the window (ECharts draws on a canvas: the labels are not in the DOM)
  const charts = Object.values(window[Symbol.for('__evidence-chart-window-debug__')] || {});
  return charts.filter(c => (c.getOption().series || []).some(s => s.type === 'sankey')).map(c =>
    c.getZr().storage.getDisplayList(true)
      .filter(el => el.type === 'tspan' && !el.ignore && !el.invisible && el.style.text)
      .map(el => {
        const r = el.getBoundingRect().clone();
        r.applyTransform(el.getComputedTransform());
        return {text: el.style.text, x: r.x, y: r.y, w: r.width, h: r.height};
      }));
}"""


def overlapping_labels(labels: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]]


def test_no_two_sankey_labels_overlap(site, browser, built_world):
    """The Journeys Sankey at 1,400 px: no drawn label overlaps another, the labels it keeps name
    the flows' ends, and a label is left out only where it would overlap: with ECharts' overlap
    handling switched off the extra labels do overlap."""
    page, problems = open_page(browser, site + "/journeys", PAGES["/journeys"])
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(1500)
    (labels,) = page.evaluate(SANKEY_LABELS)
    texts = {label["text"].lower() for label in labels}  # Evidence writes node names in title case
    assert {"conversion", "no conversion"} <= texts and len(labels) >= 8, texts
    assert overlapping_labels(labels) == []
    # the same chart with the overlap handling switched off: every label drawn, and if that is
    # more than before, some of them overlap (none was hidden for nothing)
    page.evaluate("""() => Object.values(window[Symbol.for('__evidence-chart-window-debug__')])
        .filter(c => c.getOption().series.some(s => s.type === 'sankey'))
        .forEach(c => c.setOption({animation: false, series: [{labelLayout: {hideOverlap: false}}]}))""")
    page.wait_for_timeout(1000)
    (all_labels,) = page.evaluate(SANKEY_LABELS)
    assert len(all_labels) >= len(labels)
    assert len(all_labels) == len(labels) or overlapping_labels(all_labels) != []
    assert problems == []
    page.close()


def teardown_module() -> None:
    shutil.rmtree(PROJECT_DIR / "test-artifacts" / "tmp", ignore_errors=True)


def test_impact_tables_show_reliable_rows_until_asked_and_fit_the_page(site, browser, built_world):
    """Touchpoints: lifts of fewer than impact_min_exposed people stay hidden until the reader ticks
    the box; every shown interval contains its lift; no table is wider than its column at 1,400 px."""
    con = built_world.connect_published()
    rows = con.execute("""
        select replace(touchpoint_type, '_', ' ')
               || case when touch_segment <> 'all' then ' (' || touch_segment || ')' else '' end,
               is_reliable, lift, lift_low, lift_high
        from reporting.mart_touchpoint_impact where outcome = 'membership_renewal'""").fetchall()
    small = [label for label, reliable, *_ in rows if not reliable]
    reliable = [label for label, ok, *_ in rows if ok]
    assert small and reliable, "the test world has both kinds of rows"
    assert all(low <= lift <= high for *_, lift, low, high in rows)
    page, problems = open_page(browser, site + "/touchpoints", PAGES["/touchpoints"])
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(500)

    def shown() -> set[str]:
        """The touches listed in the impact tables (the ones with a 95 % interval column)."""
        return set(page.eval_on_selector_all(
            "table", "ts => ts.filter(t => t.innerText.includes('95 % interval'))"
            ".flatMap(t => Array.from(t.querySelectorAll('td:first-child')).map(c => c.innerText.trim()))"))

    assert set(reliable) <= shown()
    assert not set(small) & shown()
    page.get_by_text("Also show touches with fewer than").click()
    for _ in range(30):  # the tables re-run their queries: wait up to 15 s for the small rows
        page.wait_for_timeout(500)
        if set(small) <= shown():
            break
    assert set(small) <= shown()
    # each table's content fits the width its column gives it (nothing scrolled out of sight)
    clipped = page.eval_on_selector_all(
        "table", "ts => ts.filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1).length")
    assert clipped == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    assert problems == []
    page.close()


def test_the_period_selector_changes_the_numbers_and_compares_with_the_previous_period(site, browser, built_world):
    """Overview: the default period is the last 90 days against the 90 days before; choosing another
    period shows that period's figures (from mart_period_kpis), and all the data equals the headline."""
    con = built_world.connect_published()
    figures = {(days, kind): (value, previous) for days, kind, value, previous in con.execute("""
        select current_period.period_days, current_period.measure, current_period.value, previous_period.value
        from reporting.mart_period_kpis as current_period
        left join reporting.mart_period_kpis as previous_period
            on current_period.period_days = previous_period.period_days and previous_period.comparison = 'previous'
            and current_period.topic = previous_period.topic and current_period.measure = previous_period.measure
        where current_period.comparison = 'current' and current_period.topic = 'overview'""").fetchall()}
    headline = dict(con.execute("select kpi, value from reporting.mart_headline_kpis").fetchall())
    assert figures[(0, "conversions")][0] == headline["conversions"]
    assert figures[(0, "revenue_usd")][0] == pytest.approx(headline["revenue_usd"])
    assert figures[(90, "conversions")] != figures[(365, "conversions")]
    page, problems = open_page(browser, site + "/", PAGES["/"])

    def conversions_shown() -> str:
        big = page.locator("div", has_text=re.compile(r"^Conversions")).filter(has_text="vs previous").last
        return big.inner_text()

    value, previous = figures[(90, "conversions")]
    shown = conversions_shown()
    assert f"{int(value):,}" in shown and f"{value / previous - 1:.0%}".lstrip("-") in shown, shown
    page.get_by_role("combobox").filter(has_text="Last 90 days").click()
    page.get_by_role("option", name="Last 365 days").click()
    page.wait_for_timeout(1500)
    value, previous = figures[(365, "conversions")]
    shown = conversions_shown()
    assert f"{int(value):,}" in shown and f"{value / previous - 1:.0%}".lstrip("-") in shown, shown
    assert problems == []
    page.close()


def test_timing_numbers_equal_the_marts(site, browser, built_world):
    """Timing, for everyone: the busiest hour of email opens and its share, each 3-hour send window's
    sends, open rate and interval, the best window (or the sentence that none stands clear) and the
    registrations per event type, as the marts have them."""
    con = built_world.connect()
    hours = con.execute("""
        select hour_of_day, sum(touches) from reporting.mart_engagement_timing
        where segment = 'all' and clock = 'local' and touchpoint_type = 'email_open'
        group by hour_of_day order by sum(touches) desc, hour_of_day""").fetchall()
    windows = con.execute("""
        select window_label, sends, open_rate, open_rate_low, open_rate_high, is_best_window
        from reporting.mart_email_send_windows where segment = 'all' and window_hours = 3
        order by window_start_hour""").fetchall()
    registrations = con.execute("select event_type, sum(registrations) from reporting.mart_event_registration_timing "
                                "group by event_type").fetchall()
    assert hours and windows and registrations
    page, problems = open_page(browser, site + "/timing", PAGES["/timing"])
    text = page.inner_text("body")
    top_hour, top_touches = hours[0]
    share = Decimal(100 * top_touches / sum(n for _, n in hours)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert f"busiest hour on people's own clock is {top_hour:02d}:00–{top_hour + 1:02d}:00, with {share} %" in text
    for label, sends, rate, low, high, _ in windows:
        assert f"{label}\t{sends:,}\t{100 * rate:.1f}%\t{100 * low:.1f} to {100 * high:.1f} %" in text, label
    best = [w for w in windows if w[5]]
    if best:
        assert f"Best send window for everyone: {best[0][0]}" in text
    else:
        assert "No send window stands clear for everyone" in text
    for event_type, n in registrations:
        assert f"{event_type.capitalize()}\t{n:,}\t" in text
    assert problems == []
    page.close()


def half_up(value: float | Decimal, digits: int = 0) -> Decimal:
    """Rounded half up, as the pages round (Python's round() goes half to even). str(), not repr():
    a float's str is its shortest repr, and a Decimal from the warehouse reads as its digits."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def test_voice_numbers_equal_the_marts(site, browser, built_world):
    """What customers say: each theme's texts, people, mean sentiment and negative share, the
    contexts' texts, and the uncovered phrases at the top, as the marts have them."""
    con = built_world.connect()
    themes = con.execute("select theme, texts, people, mean_sentiment, negative_share from reporting.mart_text_themes "
                         "where text_kind = 'all' and theme <> '(no theme)'").fetchall()
    contexts = dict(con.execute("select context, texts from reporting.mart_text_context "
                                "where theme = 'all'").fetchall())
    top_phrase = con.execute("select phrase, texts, people from marts.fct_text_uncovered_phrases "
                             "order by people desc, texts desc, phrase limit 1").fetchone()
    assert themes and contexts and top_phrase
    page, problems = open_page(browser, site + "/voice", PAGES["/voice"])
    text = page.inner_text("body")
    for theme, texts, people, mean, negative in themes:
        row = f"{theme.capitalize()}\t{texts:,}\t{people:,}\t{half_up(mean, 2)}\t{half_up(100 * negative)}%"
        assert row in text, row
    labels = {"after_bad_ticket": "After a bad ticket", "after_other_bad_experience": "After another bad experience",
              "no_bad_experience": "No bad experience before"}
    for context, texts in contexts.items():
        assert f"{labels[context]}\t{texts:,}\t" in text, context
    assert f"{top_phrase[0]}\t{top_phrase[1]:,}\t{top_phrase[2]:,}" in text
    assert problems == []
    page.close()
