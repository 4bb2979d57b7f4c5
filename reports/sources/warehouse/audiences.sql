-- reporting.mart_audiences as counts per audience: who to contact now, never who (no customer ids on
-- the site); one placeholder row when no audience has anyone (the report build writes no file for an
-- empty result, so the page filters on is_placeholder)
select
    audience,
    department,
    suggested_action,
    count(*) as people,
    min(since) as first_since,
    max(since) as last_since,
    max(as_of_date) as as_of_date,
    false as is_placeholder
from reporting.mart_audiences
group by audience, department, suggested_action
union all by name
select true as is_placeholder
where not exists (select 1 from reporting.mart_audiences)
