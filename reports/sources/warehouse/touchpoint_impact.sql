-- reporting.mart_touchpoint_impact with plain labels for the page
select
    *,
    replace(touchpoint_type, '_', ' ')
    || case when touch_segment <> 'all' then ' (' || replace(touch_segment, '_', ' ') || ')' else '' end
        as touch_label,
    case outcome
        when 'conversion' then 'Any conversion within 90 days'
        when 'membership_join' then 'Joined as a member within 90 days (non-members)'
        when 'purchase' then 'Purchase within 90 days'
        when 'donation' then 'Donation within 90 days'
        when 'event_registration' then 'Event registration within 90 days'
        when 'membership_renewal' then 'Renewed the membership (term by term)'
        when 'churn' then 'Membership ended within 180 days (members)'
    end as outcome_label,
    case outcome
        when 'membership_renewal' then 1 when 'membership_join' then 2 when 'conversion' then 3
        when 'purchase' then 4 when 'donation' then 5 when 'event_registration' then 6 else 7
    end as outcome_order,
    format('{:+.0f} to {:+.0f} %', 100 * lift_low, 100 * lift_high) as interval_label,
    lift_low > 0 or lift_high < 0 as is_clear
from reporting.mart_touchpoint_impact
