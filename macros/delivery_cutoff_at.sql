{% macro delivery_date() -%}
    {#- The delivery's date (YYYY-MM-DD): CJW_DELIVERED_ON, which `cjw build` sets (its
        --delivered-on option, by default the date of the newest file of the delivery); without it
        (plain `dbt build`), the day the run started (UTC). Nothing in a delivery can have happened
        after it. -#}
    {%- set delivered = env_var('CJW_DELIVERED_ON', '') | trim -%}
    {{ return(delivered if delivered != '' else run_started_at.strftime('%Y-%m-%d')) }}
{%- endmacro %}

{% macro delivery_cutoff_at(day=none) -%}
    {#- The latest plausible time of a delivered event, as an SQL timestamp: the end of the delivery
        date plus var('future_tolerance_days') (clock skew, time zones ahead of UTC). A later
        timestamp is quarantined: one future-dated row must not move the data's end. day: an SQL
        date expression (a row's delivery, time_checks); by default the build's delivery_date. -#}
    {%- if day is none -%}
    {%- set start = modules.datetime.datetime.strptime(delivery_date(), '%Y-%m-%d') -%}
    {%- set cutoff = start + modules.datetime.timedelta(days=1 + var('future_tolerance_days') | int) -%}
    cast('{{ cutoff.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp)
    {%- else -%}
    cast({{ day }} + {{ 1 + var('future_tolerance_days') | int }} as timestamp)
    {%- endif -%}
{%- endmacro %}
