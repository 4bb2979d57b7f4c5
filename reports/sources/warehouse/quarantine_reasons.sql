-- rejected raw rows by file and reason (the first reason of each row)
select source_file, split_part(reason, ';', 1) as reason, count(*) as rows
from audit.quarantine
group by all
order by source_file, rows desc
