{% macro wilson_interval(successes, trials, name) -%}
    {#- Both ends of the 95 % Wilson interval of a rate, as the columns <name>_low and <name>_high -#}
    {{ wilson_bound(successes, trials, 'low') }} as {{ name }}_low,
        {{ wilson_bound(successes, trials, 'high') }} as {{ name }}_high
{%- endmacro %}
