{#- What customers write, one row per text: survey comments, social messages and help-desk tickets
    (whose "text" is their category), each with the touchpoint it belongs to and its customer as
    resolved (NULL for anonymous answers and unresolved handles). Personal data: the text itself
    stays in intermediate and the restricted file; the marts publish its scores and themes. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_identified') }}

),

responses as (

    select * from {{ ref('stg_surveys__responses') }}

),

interactions as (

    select * from {{ ref('stg_social__interactions') }}

),

tickets as (

    select * from {{ ref('stg_support__tickets') }}

),

texts as (

    select
        'surveys' as source_system,
        response_id as source_record_id,
        'survey_comment' as text_kind,
        comment as text_body,
        cast(null as varchar) as rating
    from responses
    where nullif(trim(comment), '') is not null
    union all
    select
        'social' as source_system,
        interaction_id as source_record_id,
        'social_message' as text_kind,
        message as text_body,
        cast(null as varchar) as rating
    from interactions
    where nullif(trim(message), '') is not null
    union all
    select
        'support' as source_system,
        ticket_id as source_record_id,
        'ticket_category' as text_kind,
        category as text_body,
        satisfaction_rating as rating
    from tickets
    where category is not null

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
    inner join touchpoints
        on
            texts.source_system = touchpoints.source_system
            and texts.source_record_id = touchpoints.source_record_id
    -- one touch per record: the ticket's opening and the interaction itself, not their ratings
    where touchpoints.touchpoint_type not in ('ticket_rated_good', 'ticket_rated_bad', 'social_negative_sentiment')

)

select * from final
