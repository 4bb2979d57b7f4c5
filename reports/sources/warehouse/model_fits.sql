-- when each statistical fit was made (audit.model_fits): a daily build refits them every few days
-- of deliveries, so a fit may end before the data do
select
    fits.fit,
    fits.fitted_through_date,
    data_end.data_as_of,
    'on the data up to ' || strftime(fits.fitted_through_date, '%B %-d, %Y')
    || case
        when fits.fitted_through_date < data_end.data_as_of
            then ', ' || date_diff('day', fits.fitted_through_date, data_end.data_as_of)
            || case when date_diff('day', fits.fitted_through_date, data_end.data_as_of) = 1 then ' day' else ' days' end
            || ' before the data''s last day: the daily builds refit it every few days, and what'
            || ' happened since is not in it yet.'
        else ' (all the data).'
    end as fit_text
from audit.model_fits as fits
cross join (select max(as_of_date) as data_as_of from marts.dim_customers) as data_end
