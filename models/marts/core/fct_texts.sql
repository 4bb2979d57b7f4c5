{#- What customers write, without the words: one row per survey comment, social message and
    help-desk ticket (int_texts) with its touchpoint, customer, sentiment (int_text_sentiment) and
    number of themes (int_text_themes). The texts themselves hold personal data and stay in the
    restricted file (restricted.customer_texts). Public and contracted. -#}

with

theme_counts as (

    select
        text_id,
        count(*) as theme_count
    from {{ ref('int_text_themes') }}
    group by text_id

),

final as (

    select
        texts.text_id,
        texts.source_system,
        texts.source_record_id,
        texts.text_kind,
        texts.touchpoint_id,
        texts.customer_id,
        texts.occurred_at,
        sentiment.sentiment_score,
        sentiment.sentiment_label,
        coalesce(theme_counts.theme_count, 0) as theme_count
    from {{ ref('int_texts') }} as texts
    inner join {{ ref('int_text_sentiment') }} as sentiment on texts.text_id = sentiment.text_id
    left join theme_counts on texts.text_id = theme_counts.text_id

)

select * from final
