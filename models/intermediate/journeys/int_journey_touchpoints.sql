{#- Every touchpoint of a known customer, placed in its journey.
    - A converted journey ends with a conversion and holds the customer's touchpoints after the
      previous conversion and no more than var('journey_lookback_days') before this one; its id is
      derived from the conversion touchpoint.
    - Touchpoints in no converted journey (after the last conversion, or older than the lookback
      before the next one) form non-converted journeys; a gap of more than the lookback between two
      of them starts a new one. Such a journey is open while its last touchpoint is less than the
      lookback before the data's end (the latest touchpoint in the warehouse), closed after.
    Order is (occurred_at, touchpoint_id): the id breaks ties, so reruns agree. -#}

{%- set lookback = var('journey_lookback_days') -%}

with

ordered as (

    select
        customer_id,
        touchpoint_id,
        occurred_at,
        channel,
        touchpoint_type,
        is_conversion,
        conversion_type,
        revenue_usd,
        row_number() over (partition by customer_id order by occurred_at, touchpoint_id) as seq
    from {{ ref('int_touchpoints_identified') }}
    where customer_id is not null

),

with_next_conversion as (

    select
        *,
        min(case when is_conversion then seq end) over (
            partition by customer_id order by seq rows between current row and unbounded following
        ) as next_conversion_seq
    from ordered

),

conversions as (

    select
        customer_id,
        seq as conversion_seq,
        touchpoint_id as conversion_touchpoint_id,
        occurred_at as converted_at,
        conversion_type,
        revenue_usd as conversion_revenue_usd
    from ordered
    where is_conversion

),

placed as (

    select
        with_next_conversion.*,
        conversions.conversion_touchpoint_id,
        conversions.converted_at,
        conversions.conversion_type as journey_conversion_type,
        conversions.conversion_revenue_usd,
        conversions.conversion_seq is not null
        and with_next_conversion.occurred_at >= conversions.converted_at - interval '{{ lookback }} days'
            as is_in_converted_journey
    from with_next_conversion
    left join conversions
        on
            with_next_conversion.customer_id = conversions.customer_id
            and with_next_conversion.next_conversion_seq = conversions.conversion_seq

),

unconverted as (

    select
        customer_id,
        touchpoint_id,
        seq,
        next_conversion_seq,
        occurred_at,
        case
            when
                lag(occurred_at) over (
                    partition by customer_id, next_conversion_seq order by seq
                ) >= occurred_at - interval '{{ lookback }} days'
                then 0
            else 1
        end as starts_group
    from placed
    where not is_in_converted_journey

),

unconverted_groups as (

    select
        *,
        sum(starts_group) over (
            partition by customer_id, next_conversion_seq order by seq rows unbounded preceding
        ) as group_number
    from unconverted

),

unconverted_keys as (

    select
        touchpoint_id,
        first_value(touchpoint_id) over (
            partition by customer_id, next_conversion_seq, group_number order by seq
        ) as first_touchpoint_id
    from unconverted_groups

),

final as (

    select
        placed.customer_id,
        placed.touchpoint_id,
        case
            when placed.is_in_converted_journey
                then 'jrn_' || substr(md5('converted|' || placed.conversion_touchpoint_id), 1, 24)
            else 'jrn_' || substr(md5('open|' || unconverted_keys.first_touchpoint_id), 1, 24)
        end as journey_id,
        placed.is_in_converted_journey as is_converted,
        placed.occurred_at,
        placed.channel,
        placed.touchpoint_type,
        placed.is_conversion,
        placed.seq,
        case when placed.is_in_converted_journey then placed.conversion_touchpoint_id end as conversion_touchpoint_id,
        case when placed.is_in_converted_journey then placed.journey_conversion_type end as conversion_type,
        case when placed.is_in_converted_journey then placed.conversion_revenue_usd end as journey_revenue_usd,
        case
            when placed.is_in_converted_journey
                then {{ dbt.datediff('placed.occurred_at', 'placed.converted_at', 'second') }} / 86400.0  -- noqa: LT05
        end as days_before_conversion
    from placed
    left join unconverted_keys on placed.touchpoint_id = unconverted_keys.touchpoint_id

)

select * from final
