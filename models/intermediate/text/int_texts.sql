{#- What customers write, one row per text: survey comments, social messages and help-desk tickets
    (whose "text" is their category), each with the touchpoint it belongs to and its customer as
    resolved (NULL for anonymous answers and unresolved handles). Personal data: the text itself
    stays in intermediate and the restricted file; the marts publish its scores and themes. -#}

{#- one union arm per source that holds text: (source system, staging model, record id, kind of
    text, the text, its rating) -#}
{%- set text_sources = [
    ('surveys', ref('stg_surveys__responses'), 'response_id', 'survey_comment', 'comment', 'null'),
    ('social', ref('stg_social__interactions'), 'interaction_id', 'social_message', 'message', 'null'),
    ('support', ref('stg_support__tickets'), 'ticket_id', 'ticket_category', 'category', 'satisfaction_rating'),
] %}

with

texts as (

    {%- for system, relation, record_id, kind, text, rating in text_sources %}
        select
            '{{ system }}' as source_system,
            {{ record_id }} as source_record_id,
            '{{ kind }}' as text_kind,
            {{ text }} as text_body,
            cast({{ rating }} as varchar) as rating
        from {{ relation }}
        where nullif(trim({{ text }}), '') is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

final as (

    select
        texts.source_system || ':' || texts.source_record_id as text_id,
        texts.source_system,
        texts.source_record_id,
        texts.text_kind,
        texts.text_body,
        texts.rating,
        touchpoints.touchpoint_id,
        touchpoints.customer_id,
        touchpoints.occurred_at
    from texts
    inner join {{ ref('int_touchpoints_identified') }} as touchpoints
        on
            texts.source_system = touchpoints.source_system
            and texts.source_record_id = touchpoints.source_record_id
    -- one touch per record: the ticket's opening and the interaction itself, not their ratings
    where touchpoints.touchpoint_type not in ('ticket_rated_good', 'ticket_rated_bad', 'social_negative_sentiment')

)

select * from final
