{#- The data's bounds, one row: the earliest and the latest touchpoint in the warehouse. The latest
    is the contract's "today": journeys still open, membership status, lapse and churn windows are
    measured against it. Rows dated after the delivery were quarantined in staging, so one
    future-dated event cannot move it. -#}

with

bounds as (

    select
        min(occurred_at) as data_start_at,
        max(occurred_at) as data_end_at,
        cast(max(occurred_at) as date) as data_end_date
    from {{ ref('int_touchpoints_identified') }}

)

select * from bounds
