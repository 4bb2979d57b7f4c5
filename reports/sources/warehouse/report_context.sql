-- what every page states first: the data's as-of date (its last day) and the delivery it came from
select
    data_as_of,
    delivered_on,
    run_id,
    'Data as of ' || strftime(data_as_of, '%B %-d, %Y') || ' (its last day), from the delivery of '
    || strftime(delivered_on, '%B %-d, %Y') || ' (build ' || run_id || ').' as as_of_text
from (
    select
        (select max(as_of_date) from marts.dim_customers) as data_as_of,
        max(delivered_on) as delivered_on,
        run_id,
        max(run_at) as run_at
    from audit.delivery_history
    group by run_id
    order by run_at desc
    limit 1
) as latest
