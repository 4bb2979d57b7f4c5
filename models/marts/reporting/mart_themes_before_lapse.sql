{#- Which themes come before a lapse: the membership terms whose outcome is known (renewed or lapsed,
    fct_membership_terms), split by whether the member wrote about a theme during the term (`tone`
    any: any text of the theme; negative: a negative one), with the lapse rate of the terms with
    and without it (95 % Wilson intervals) and their difference. Associations: a member who writes
    about price may be one who was going to lapse anyway. -#}

with

decided as (

    select
        membership_event_id,
        customer_id,
        term_start,
        term_end,
        case when term_outcome = 'lapsed' then 1 else 0 end as lapsed
    from {{ ref('fct_membership_terms') }}
    where is_outcome_known and term_outcome in ('lapsed', 'renewed')

),

tones as (

    {{ value_list('tone', ['any', 'negative']) }}

),

written as (

    -- each (term, theme, tone) the member wrote during the term
    select distinct
        decided.membership_event_id,
        themes.theme,
        tones.tone
    from decided
    inner join {{ ref('fct_texts') }} as texts
        on
            decided.customer_id = texts.customer_id
            and cast(texts.occurred_at as date) between decided.term_start and decided.term_end
    inner join {{ ref('fct_text_themes') }} as themes on texts.text_id = themes.text_id
    inner join tones on tones.tone = 'any' or texts.sentiment_label = 'negative'

),

theme_tones as (

    select distinct
        theme,
        tone
    from written

),

counted as (

    select
        theme_tones.theme,
        theme_tones.tone,
        count(written.membership_event_id) as terms_with,
        cast(sum(case when written.membership_event_id is not null then decided.lapsed else 0 end) as bigint)
            as lapsed_with,
        count(*) - count(written.membership_event_id) as terms_without,
        cast(sum(case when written.membership_event_id is null then decided.lapsed else 0 end) as bigint)
            as lapsed_without
    from theme_tones
    cross join decided
    left join written
        on
            decided.membership_event_id = written.membership_event_id
            and theme_tones.theme = written.theme
            and theme_tones.tone = written.tone
    group by theme_tones.theme, theme_tones.tone

),

final as (

    select
        theme,
        tone,
        terms_with,
        lapsed_with,
        {{ rate_with_interval('lapsed_with', 'terms_with', 'lapse_rate_with') }},
        terms_without,
        lapsed_without,
        {{ rate_with_interval('lapsed_without', 'terms_without', 'lapse_rate_without') }},
        lapsed_with * 1.0 / nullif(terms_with, 0) - lapsed_without * 1.0 / nullif(terms_without, 0)
            as lapse_rate_difference,
        {{ wilson_bound('lapsed_with', 'terms_with', 'low') }}
        > {{ wilson_bound('lapsed_without', 'terms_without', 'high') }} as is_clearly_higher
    from counted

)

select * from final
