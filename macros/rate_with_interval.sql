{% macro rate_with_interval(successes, trials, name) -%}
    {#- A rate (successes / trials, NULL without trials) as the column <name>, with both ends of its
        95 % Wilson interval as <name>_low and <name>_high (wilson_interval) -#}
    {{ successes }} * 1.0 / nullif({{ trials }}, 0) as {{ name }},
        {{ wilson_interval(successes, trials, name) }}
{%- endmacro %}
