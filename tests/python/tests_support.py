"""Shared constants of the tests."""

PUBLISHED_MARTS = ["dim_customers", "customer_identifiers", "fct_touchpoints", "fct_journeys", "fct_attribution",
                   "mart_channel_attribution", "mart_headline_kpis", "mart_touchpoint_kpis", "mart_touchpoint_impact",
                   "mart_funnel_steps", "mart_journey_paths", "mart_path_transitions", "mart_retention_cohorts",
                   "mart_model_evaluation"]
