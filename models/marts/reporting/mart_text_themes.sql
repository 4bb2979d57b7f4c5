{#- What customers write about, and in what tone: per kind of text (survey comments, social messages,
    ticket categories, and all) and theme (with `(no theme)` for texts of none), the texts, the
    people, the mean sentiment score and the shares of negative and positive texts, the negative
    share with a 95 % Wilson interval. A text of two themes counts in both. -#}

with

kinds as (

    {{ value_list('text_kind_group', ['all', 'survey_comment', 'social_message', 'ticket_category']) }}

),

themed as (

    select
        texts.text_id,
        texts.text_kind,
        texts.customer_id,
        texts.sentiment_score,
        texts.sentiment_label,
        coalesce(themes.theme, '(no theme)') as theme
    from {{ ref('fct_texts') }} as texts
    left join {{ ref('fct_text_themes') }} as themes on texts.text_id = themes.text_id

),

counted as (

    select
        kinds.text_kind_group as text_kind,
        themed.theme,
        count(*) as texts,
        count(distinct themed.customer_id) as people,
        {{ exact_sum('themed.sentiment_score') }} / count(themed.sentiment_score) as mean_sentiment,
        count(themed.sentiment_label) as scored_texts,
        count(case when themed.sentiment_label = 'negative' then 1 end) as negative_texts,
        count(case when themed.sentiment_label = 'positive' then 1 end) as positive_texts
    from themed
    inner join kinds on kinds.text_kind_group in ('all', themed.text_kind)
    group by kinds.text_kind_group, themed.theme

),

final as (

    select
        text_kind,
        theme,
        texts,
        people,
        mean_sentiment,
        scored_texts,
        negative_texts,
        {{ rate_with_interval('negative_texts', 'scored_texts', 'negative_share') }},
        positive_texts * 1.0 / nullif(scored_texts, 0) as positive_share
    from counted

)

select * from final
