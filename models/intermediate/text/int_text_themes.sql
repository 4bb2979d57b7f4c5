{#- The themes of each text (int_texts), from the editable taxonomy seeds/reference/text_themes.csv:
    a comment or message has every theme whose regular expression matches its lower-cased text; a
    ticket has the theme its category is listed under. One row per (text, theme); a text of no theme
    has no row. -#}

with

written as (

    select
        texts.text_id,
        themes.theme
    from {{ ref('int_texts') }} as texts
    inner join {{ ref('text_themes') }} as themes on regexp_matches(lower(texts.text_body), themes.pattern)
    where texts.text_kind <> 'ticket_category'

),

categorized as (

    select
        texts.text_id,
        themes.theme
    from {{ ref('int_texts') }} as texts
    inner join {{ ref('text_themes') }} as themes
        on
            themes.ticket_categories is not null
            and '|' || themes.ticket_categories || '|' like '%|' || texts.text_body || '|%'
    where texts.text_kind = 'ticket_category'

),

final as (

    select * from written
    union all
    select * from categorized

)

select * from final
