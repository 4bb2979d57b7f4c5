with

responses as (

    select * from {{ ref('base_surveys__responses') }}

),

staged as (

    select
        response_id,
        survey_name,
        survey_type,
        respondent_email,
        respondent_email_raw,
        submitted_at,
        score,
        touchpoint_ref,
        comment,
        case
            when survey_type = 'nps' and score >= 9 then 'promoter'
            when survey_type = 'nps' and score >= 7 then 'passive'
            when survey_type = 'nps' then 'detractor'
        end as nps_category,
        case when survey_type in ('csat', 'post_event') then score >= 4 end as is_satisfied,
        _line_number as source_line_number
    from responses
    where dq_status = 'staged'

)

select * from staged
