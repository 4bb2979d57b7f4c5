{#- Every line of the survey tool's export, typed and validated (see stage_raw_rows): US AM/PM
    timestamps to UTC, scores in the range of their survey type. -#}

{{ stage_raw_rows(
    source('surveys', 'raw_survey_responses'), 'surveys', 'raw_survey_responses',
    trimmed=['response_id', 'survey_name', 'touchpoint_ref', 'comment'],
    lowered=['survey_type'],
    parsed={
        'respondent_email_raw': "nullif(trim(respondent_email), '')",
        'respondent_email': normalize_email('respondent_email'),
        'submitted_at': parse_us_ampm_utc('submitted_at'),
        'score': parse_number('score', 'integer'),
    },
    checks=[
        ["submitted_at is null", "submitted_at: missing or not MM/DD/YYYY hh:mm:ss AM/PM"],
        ["not coalesce(" ~ is_integer_text('raw__score') ~ ", false)", "score: missing or not an integer"],
        [is_integer_text('raw__score') ~ " and score is null", "score: out of range (too many digits)"],
        ["survey_type = 'nps' and score not between 0 and 10", "score: outside 0-10 for an nps survey"],
        ["survey_type in ('csat', 'post_event') and score not between 1 and 5",
         "score: outside 1-5 for a csat/post_event survey"],
    ] + time_checks('submitted_at', 'submitted_at'),
    notes=[
        ["respondent_email_raw is not null and respondent_email is null", "respondent_email: not an email address"],
    ],
) }}
