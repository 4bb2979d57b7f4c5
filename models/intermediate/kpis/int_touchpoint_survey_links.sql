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

reference_touches as (

    -- the touches an answer can name: a ticket or an order is one person's, and its reference alone
    -- is enough (owner ''); an event id is shared by every attendee, so there the answer must be the
    -- attendee's own, and an event touch carries its person as the reference's owner. Each reads
    -- only the touches of its sources: one table of every touch, held for both links, took most of
    -- this model's 6 s at 1M people
    select
        touchpoint_id,
        source_record_id as ref_key,
        '' as ref_owner
    from {{ ref('int_touchpoints_identified') }}
    where source_system in ('support', 'orders')
    union all
    select
        touchpoints.touchpoint_id,
        registrations.event_id as ref_key,
        touchpoints.customer_id as ref_owner
    from {{ ref('int_touchpoints_identified') }} as touchpoints
    inner join {{ ref('int_registrations_converted') }} as registrations
        on touchpoints.source_record_id = registrations.registration_id
    where touchpoints.source_system = 'events'

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
        reference_touches.touchpoint_id,
        survey_refs.response_id,
        'reference' as link_rule,
        survey_refs.survey_type,
        survey_refs.score
    from reference_touches
    inner join survey_refs on {{ join_on('reference_touches', 'survey_refs', ['ref_key', 'ref_owner']) }}

),

by_window as (

    select
        touchpoints.touchpoint_id,
        survey_touches.response_id,
        'window' as link_rule,
        survey_touches.survey_type,
        survey_touches.score
    from {{ ref('int_touchpoints_identified') }} as touchpoints
    inner join survey_touches
        on
            touchpoints.customer_id = survey_touches.customer_id
            and touchpoints.occurred_at < survey_touches.submitted_at
            and survey_touches.submitted_at
            <= touchpoints.occurred_at + to_days({{ var('survey_window_days') }})
    where touchpoints.source_system <> 'surveys' and survey_touches.touchpoint_ref is null

)

select * from by_reference
union all
select * from by_window
