{% macro time_checks(column, label) -%}
    {#- The plausibility checks of a parsed event time, for dq_reasons(): not before
        var('earliest_plausible_date') and not after the delivery that brought the row
        (delivery_cutoff_at of its _delivery_day, see create_raw_views: a row's verdict depends on
        the row and its delivery alone, so a later build, full or incremental, gives it the same).
        A value that did not parse (NULL) passes here: the format check names it. -#}
    {%- set day = "coalesce(_delivery_day, cast('" ~ delivery_date() ~ "' as date))" -%}
    {{ return([
        [column ~ " < cast('" ~ var('earliest_plausible_date') ~ "' as timestamp)",
         label ~ ": before " ~ var('earliest_plausible_date') ~ " (implausible)"],
        [column ~ " > " ~ delivery_cutoff_at(day),
         {'sql': "'" ~ label ~ ": after the delivery date ' || strftime(" ~ day ~ ", '%Y-%m-%d') || ' (+"
             ~ var('future_tolerance_days') ~ " day tolerance)'"}],
    ]) }}
{%- endmacro %}
