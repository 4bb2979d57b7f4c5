select
    {{ staged_columns(ref('base_surveys__responses')) }},
    case
        when survey_type = 'nps' and score >= 9 then 'promoter'
        when survey_type = 'nps' and score >= 7 then 'passive'
        when survey_type = 'nps' then 'detractor'
    end as nps_category,
    case when survey_type in ('csat', 'post_event') then score >= 4 end as is_satisfied
from {{ ref('base_surveys__responses') }}
where dq_status = 'staged'
