{#- Published as is from int_text_uncovered_phrases: the frequent phrases of texts no theme covers,
    each written by enough people that it names no one. Public and contracted. -#}

select * from {{ ref('int_text_uncovered_phrases') }}  -- noqa: AM04
