"""The benchmark's account of where a dbt build's node time went."""

from cjw.bench import node_time_summary


def _result(unique_id: str, seconds: float) -> dict:
    return {"unique_id": unique_id, "execution_time": seconds}


def test_node_time_is_split_into_base_models_other_models_and_tests():
    results = {"results": [
        _result("model.customer_journey.base_web__events", 8.0),
        _result("model.customer_journey.int_journeys", 5.5),
        _result("model.customer_journey.mart_period_kpis", 2.5),
        _result("test.customer_journey.unique_fct_journeys_journey_id.1a2b3c", 0.75),
        _result("test.customer_journey.assert_sessions_cover_the_staged_web_events", 1.25),
        _result("seed.customer_journey.currencies", 0.5),
    ]}
    summary = node_time_summary(results, count=2)
    assert summary == (
        "dbt nodes 18 s, of which base models 8.0 s, other models 8.0 s, 2 tests 2.0 s; "
        "slowest: base_web__events 8.0 s, int_journeys 5.5 s"
    )
