-- the source systems: connected or not, rows delivered, and the data's bounds (as-of date)
select source_name, raw_file, is_connected, rows_in, rows_staged, rows_quarantined, data_start_at, data_end_at
from reporting.mart_data_sources
