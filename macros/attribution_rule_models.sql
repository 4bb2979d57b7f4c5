{% macro attribution_rule_models() -%}
    {#- The rule-based attribution models, in order: a credit column of each in
        int_attribution_rule_credits, a row of each per touchpoint in fct_attribution
        (int_attribution_intervals lists them too, in Python). -#}
    {{ return(['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay']) }}
{%- endmacro %}
