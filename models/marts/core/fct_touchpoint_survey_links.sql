{#- Published as is from int_touchpoint_survey_links (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_touchpoint_survey_links') }}  -- noqa: AM04
