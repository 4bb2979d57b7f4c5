"""Shared constants of the tests."""

# what the BI file publishes (schema.table): core facts and dimensions, then report aggregates
PUBLISHED_MARTS = ["marts.dim_customers", "marts.customer_identifiers", "marts.fct_touchpoints", "marts.fct_journeys",
                   "marts.fct_attribution", "reporting.mart_channel_attribution", "reporting.mart_headline_kpis",
                   "reporting.mart_touchpoint_kpis", "reporting.mart_touchpoint_impact", "reporting.mart_funnel_steps",
                   "reporting.mart_journey_paths", "reporting.mart_path_transitions",
                   "reporting.mart_retention_cohorts", "reporting.mart_model_evaluation"]
