{% macro theme_patterns(themes) -%}
    {#- The [theme, pattern] pairs of the text taxonomy (themes: the relation of
        seeds/reference/text_themes.csv, which the model refs), read when the model runs, so that
        each pattern is a constant of the query: a pattern read from a joined column is compiled
        again for every text (14 s at 100,000 people instead of 0.1 s). A unit test overrides
        this macro with its own pairs. -#}
    {#- nothing to read while parsing, or before the seed is built (a linter compiling the model) -#}
    {%- if not execute or load_relation(themes) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set rows = run_query('select theme, pattern from ' ~ themes ~ ' where pattern is not null order by theme') -%}
    {{ return(rows.rows | map('list') | list) }}
{%- endmacro %}
