{#- The themes of each text (int_texts), from the editable taxonomy seeds/reference/text_themes.csv:
    a comment or message has every theme whose regular expression matches its lower-cased text; a
    ticket has the theme its category is listed under. One row per (text, theme); a text of no theme
    has no row. -#}

{%- set patterns = theme_patterns(ref('text_themes')) %}

with

written_texts as (

    select
        text_id,
        lower(text_body) as text_lower
    from {{ ref('int_texts') }}
    where text_kind <> 'ticket_category'

),

written as (

    {% for theme, pattern in patterns -%}
    select
        text_id,
        '{{ theme | replace("'", "''") }}' as theme
    from written_texts
    where regexp_matches(text_lower, '{{ pattern | replace("'", "''") }}')

    union all

    {% endfor -%}
    -- closes the union (and types it when the taxonomy has no pattern)
    select
        text_id,
        cast(null as varchar) as theme
    from written_texts
    where false

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
