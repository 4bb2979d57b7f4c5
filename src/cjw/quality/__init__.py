"""The data-quality gate: Great Expectations suites over the raw delivery, staging and the marts."""
