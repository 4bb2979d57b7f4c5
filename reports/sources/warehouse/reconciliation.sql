select * from audit.raw_reconciliation order by source_file
