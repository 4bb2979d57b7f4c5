{#- Which survey answers speak about which touchpoint. Two rules:
    `reference`: the answer's touchpoint_ref names the touch (a ticket id, an order id, or the event
    id of the person's own registration);
    `window`: an answer without a touchpoint_ref (the NPS) by the same person within
    survey_window_days after the touch. Survey touchpoints themselves link to nothing. -#}

with

survey_touches as (

    -- the respondent as resolved (NULL for anonymous answers)
    select
        touchpoints.source_record_id as response_id,
        touchpoints.customer_id,
        responses.survey_type,
        responses.score,
        responses.touchpoint_ref,
        responses.submitted_at
    from {{ ref('int_touchpoints_identified') }} as touchpoints
    inner join {{ ref('stg_surveys__responses') }} as responses on touchpoints.source_record_id = responses.response_id
    where touchpoints.source_system = 'surveys'

),

touch_refs as (

    -- an event id is shared by every attendee: there the answer must be the attendee's own, so an
    -- event touch carries its person as the reference's owner; a ticket or an order is one
    -- person's, and its reference alone is enough (''). Read twice, so held whole: only the
    -- columns the two links read
    select
        touchpoints.touchpoint_id,
        touchpoints.customer_id,
        touchpoints.occurred_at,
        case
            when touchpoints.source_system = 'events' then registrations.event_id
            when touchpoints.source_system in ('support', 'orders') then touchpoints.source_record_id
        end as ref_key,
        case when touchpoints.source_system = 'events' then touchpoints.customer_id else '' end as ref_owner
    from {{ ref('int_touchpoints_identified') }} as touchpoints
    -- an equi-join only: a constant in a LEFT JOIN condition makes DuckDB use a nested loop
    left join {{ ref('int_registrations_converted') }} as registrations
        on touchpoints.source_record_id = registrations.registration_id
    where touchpoints.source_system <> 'surveys'

),

ref_scopes as (

    {{ value_list('scope', ['shared', 'own']) }}

),

survey_refs as (

    -- each answer that names a touch, once under each of the two owners a touch can ask for (an
    -- equi-join on both keys, rather than a join with an OR, which would pair every attendee of an
    -- event with every answer about it)
    select
        survey_touches.response_id,
        survey_touches.survey_type,
        survey_touches.score,
        survey_touches.touchpoint_ref as ref_key,
        case ref_scopes.scope when 'own' then survey_touches.customer_id else '' end as ref_owner
    from survey_touches
    cross join ref_scopes
    where survey_touches.touchpoint_ref is not null

),

by_reference as (

    select
        touch_refs.touchpoint_id,
        survey_refs.response_id,
        'reference' as link_rule,
        survey_refs.survey_type,
        survey_refs.score
    from touch_refs
    inner join survey_refs on {{ join_on('touch_refs', 'survey_refs', ['ref_key', 'ref_owner']) }}

),

by_window as (

    select
        touch_refs.touchpoint_id,
        survey_touches.response_id,
        'window' as link_rule,
        survey_touches.survey_type,
        survey_touches.score
    from touch_refs
    inner join survey_touches
        on
            touch_refs.customer_id = survey_touches.customer_id
            and touch_refs.occurred_at < survey_touches.submitted_at
            and survey_touches.submitted_at
            <= touch_refs.occurred_at + to_days({{ var('survey_window_days') }})
    where survey_touches.touchpoint_ref is null

)

select * from by_reference
union all
select * from by_window
