-- every gate run's expectations (the latest run is the one that admitted this warehouse)
select run_id, run_at, layer, check_name, expectation_type, column_name, severity, success, observed_value,
       unexpected_count, unexpected_percent, why
from audit.dq_results
