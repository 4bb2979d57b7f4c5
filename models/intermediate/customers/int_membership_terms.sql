{#- One row per membership term (a join, renew or upgrade) of a resolved customer, with how it
    ended: renewed, cancelled, lapsed, or still undecided at the data's end. Feeds the renewal and
    churn outcomes of mart_touchpoint_impact and the member retention cohorts. -#}

with

customer_events as (

    select * from {{ ref('int_membership_events_identified') }}
    where customer_id is not null and not is_test

),

terms as (

    select
        *,
        -- the next term of the same customer (a renewal starts the day after the term ends)
        lead(term_start) over (
            partition by customer_id order by term_start, membership_event_id
        ) as next_term_start
    from customer_events
    where action in ('join', 'renew', 'upgrade')

),

cancels as (

    select
        customer_id,
        action_date as cancelled_on
    from customer_events
    where action = 'cancel'

),

as_of as (

    select bounds.data_end_date as as_of_date
    from {{ ref('int_data_bounds') }} as bounds

),

term_cancels as (

    select
        terms.membership_event_id,
        min(cancels.cancelled_on) as cancelled_on
    from terms
    inner join cancels
        on
            terms.customer_id = cancels.customer_id
            and cancels.cancelled_on between terms.term_start and terms.term_end
    group by terms.membership_event_id

),

final as (

    select
        terms.membership_event_id,
        terms.customer_id,
        terms.action as started_by,
        terms.action_date,
        terms.term_start,
        terms.term_end,
        terms.plan,
        terms.amount_usd,
        term_cancels.cancelled_on,
        -- the membership is active from term_start to the day before a cancellation, else to term_end
        coalesce(term_cancels.cancelled_on - 1, terms.term_end) as active_until,
        term_cancels.cancelled_on is null
        and terms.next_term_start is not null
        and terms.next_term_start <= terms.term_end + {{ var('membership_grace_days') }} + 1 as is_renewed,
        case
            when term_cancels.cancelled_on is not null then 'cancelled'
            when
                terms.next_term_start is not null
                and terms.next_term_start <= terms.term_end + {{ var('membership_grace_days') }} + 1
                then 'renewed'
            when terms.term_end + {{ var('membership_grace_days') }} < as_of.as_of_date then 'lapsed'
            else 'undecided'
        end as term_outcome,
        -- the outcome would show whichever it was: a renewal shows before the term ends, a lapse
        -- only membership_grace_days after it (a term that ended more recently counts only if
        -- renewed, so comparing such terms would favour whatever came last)
        terms.term_end + {{ var('membership_grace_days') }} < as_of.as_of_date as is_outcome_known,
        row_number() over (
            partition by terms.customer_id order by terms.term_start, terms.membership_event_id
        ) as term_number
    from terms
    cross join as_of
    left join term_cancels on terms.membership_event_id = term_cancels.membership_event_id

)

select * from final
