{#- What people say after a bad experience: each text of a known customer by what happened to them
    in the var('text_context_days') (30) days before it: a help-desk ticket rated badly
    (`after_bad_ticket`), another negative touch only (`after_other_bad_experience`: a bad event,
    a refund, a negative post; survey answers and social posts do not count, they are texts
    themselves), or neither (`no_bad_experience`). Per context and theme (`all`: every text of the
    context), the texts, the share of the context's texts with the theme, the mean sentiment and
    the negative share with a 95 % Wilson interval. -#}

with

bad_before as (

    select
        texts.text_id,
        max(case when touchpoints.touchpoint_type = 'ticket_rated_bad' then 1 else 0 end) as had_bad_ticket,
        max(
            case
                when touchpoints.is_negative and touchpoints.source_system not in ('surveys', 'social') then 1
                else 0
            end
        ) as had_bad_experience
    from {{ ref('fct_texts') }} as texts
    inner join {{ ref('fct_touchpoints') }} as touchpoints
        on
            texts.customer_id = touchpoints.customer_id
            and texts.occurred_at > touchpoints.occurred_at
            and {{ dbt.dateadd('day', -var('text_context_days'), 'texts.occurred_at') }}
            <= touchpoints.occurred_at
    where texts.text_kind <> 'ticket_category'
    group by texts.text_id

),

contexts as (

    select
        texts.text_id,
        texts.sentiment_score,
        texts.sentiment_label,
        case
            when bad_before.had_bad_ticket = 1 then 'after_bad_ticket'
            when bad_before.had_bad_experience = 1 then 'after_other_bad_experience'
            else 'no_bad_experience'
        end as context
    from {{ ref('fct_texts') }} as texts
    left join bad_before on texts.text_id = bad_before.text_id
    where texts.customer_id is not null and texts.text_kind <> 'ticket_category'

),

context_sizes as (

    select
        context,
        count(*) as context_texts
    from contexts
    group by context

),

by_theme as (

    select
        contexts.context,
        coalesce(themes.theme, '(no theme)') as theme,
        contexts.text_id,
        contexts.sentiment_score,
        contexts.sentiment_label
    from contexts
    left join {{ ref('fct_text_themes') }} as themes on contexts.text_id = themes.text_id
    union all
    select
        context,
        'all' as theme,
        text_id,
        sentiment_score,
        sentiment_label
    from contexts

),

counted as (

    select
        context,
        theme,
        count(*) as texts,
        {{ exact_sum('sentiment_score') }} / count(sentiment_score) as mean_sentiment,
        count(case when sentiment_label = 'negative' then 1 end) as negative_texts
    from by_theme
    group by context, theme

),

final as (

    select
        counted.context,
        counted.theme,
        counted.texts,
        context_sizes.context_texts,
        counted.texts * 1.0 / context_sizes.context_texts as theme_share,
        counted.mean_sentiment,
        {{ rate_with_interval('counted.negative_texts', 'counted.texts', 'negative_share') }}
    from counted
    inner join context_sizes on counted.context = context_sizes.context

)

select * from final
