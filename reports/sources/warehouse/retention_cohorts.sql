select cohort_type, cohort_month, months_since_start, cohort_size, retained_customers, retained_share
from reporting.mart_retention_cohorts
where cohort_month >= date '2024-01-01'
