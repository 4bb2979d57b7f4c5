{% macro time_checks(column, label) -%}
    {#- The plausibility checks of a parsed event time, for dq_reasons(): not before
        var('earliest_plausible_date') and not after the delivery (delivery_cutoff_at). A value that
        did not parse (NULL) passes here: the format check names it. -#}
    {{ return([
        [column ~ " < cast('" ~ var('earliest_plausible_date') ~ "' as timestamp)",
         label ~ ": before " ~ var('earliest_plausible_date') ~ " (implausible)"],
        [column ~ " > " ~ delivery_cutoff_at(),
         label ~ ": after the delivery date " ~ delivery_date() ~ " (+" ~ var('future_tolerance_days')
            ~ " day tolerance)"],
    ]) }}
{%- endmacro %}
