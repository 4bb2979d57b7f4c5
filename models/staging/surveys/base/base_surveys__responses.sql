{%- set columns = source_columns('surveys', 'raw_survey_responses') -%}

with

source as (

    select * from {{ number_lines(source('surveys', 'raw_survey_responses')) }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(response_id), '') as response_id,
        nullif(trim(survey_name), '') as survey_name,
        lower(trim(survey_type)) as survey_type,
        nullif(trim(respondent_email), '') as respondent_email_raw,
        {{ normalize_email('respondent_email') }} as respondent_email,
        {{ parse_us_ampm_utc('submitted_at') }} as submitted_at,
        {{ parse_number('score', 'integer') }} as score,
        nullif(trim(touchpoint_ref), '') as touchpoint_ref,
        nullif(trim(comment), '') as comment
    from source

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('surveys', 'raw_survey_responses') + [
            ["submitted_at is null", "submitted_at: missing or not MM/DD/YYYY hh:mm:ss AM/PM"],
            ["not coalesce(" ~ is_integer_text('raw__score') ~ ", false)", "score: missing or not an integer"],
            [is_integer_text('raw__score') ~ " and score is null", "score: out of range (too many digits)"],
            ["survey_type = 'nps' and score not between 0 and 10", "score: outside 0-10 for an nps survey"],
            ["survey_type in ('csat', 'post_event') and score not between 1 and 5",
             "score: outside 1-5 for a csat/post_event survey"],
        ] + time_checks('submitted_at', 'submitted_at')) }} as check_reason,
        {{ dq_reasons([
            ["respondent_email_raw is not null and respondent_email is null", "respondent_email: not an email address"],
        ]) }} as dq_note
    from parsed

),

deduplicated as (

    {{ deduplicate('checked', ['response_id'], columns) }}

),

final as (

    select
        _line_number,
        response_id,
        survey_name,
        survey_type,
        respondent_email_raw,
        respondent_email,
        submitted_at,
        score,
        touchpoint_ref,
        comment,
        {{ dq_columns('surveys', 'raw_survey_responses') }}
    from deduplicated

)

select * from final
