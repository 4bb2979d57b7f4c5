{#- A sentiment score for every text (int_texts): a comment's or message's is VADER's compound score
    of its body (int_text_body_sentiment), from -1 (most negative) to +1; a help-desk ticket has
    no words of its own, so its score is its satisfaction rating (good +1, bad -1, unrated: none).
    Labelled negative at or below -0.05, positive at or above +0.05 and neutral between: the
    VADER authors' thresholds. -#}

{%- set threshold = 0.05 %}

with

texts as (

    select
        text_id,
        text_kind,
        text_body,
        rating
    from {{ ref('int_texts') }}

),

scored as (

    select
        texts.text_id,
        cast(
            case
                when texts.text_kind = 'ticket_category'
                    then case texts.rating when 'good' then 1.0 when 'bad' then -1.0 end
                else bodies.sentiment_score
            end as double
        ) as sentiment_score
    from texts
    -- on the body alone, an equality DuckDB hashes (a ticket's category that is also a comment's
    -- body finds its score, which the case above ignores; bodies are unique): the kind in the
    -- condition made it a nested-loop join, every text against every body
    left join {{ ref('int_text_body_sentiment') }} as bodies on texts.text_body = bodies.text_body

),

final as (

    select
        text_id,
        sentiment_score,
        case
            when sentiment_score >= {{ threshold }} then 'positive'
            when sentiment_score <= -{{ threshold }} then 'negative'
            when sentiment_score is not null then 'neutral'
        end as sentiment_label
    from scored

)

select * from final
