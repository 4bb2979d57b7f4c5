-- reporting.mart_audiences as counts per audience: who to contact now, never who (no customer ids on the site)
select
    audience,
    department,
    suggested_action,
    count(*) as people,
    min(since) as first_since,
    max(since) as last_since,
    max(as_of_date) as as_of_date
from reporting.mart_audiences
group by audience, department, suggested_action
