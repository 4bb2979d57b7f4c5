{#- Published as is from int_text_themes: the themes of each text of fct_texts (a text of no theme
    has no row). Public and contracted. -#}

select * from {{ ref('int_text_themes') }}  -- noqa: AM04
