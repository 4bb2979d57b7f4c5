{% macro mask_handle(column) -%}
    {#- @janedoe7 -> @j***7: enough to tell two handles apart at a glance, not to find the account.
        NULL stays NULL. -#}
    case
        when {{ column }} is not null
            then left({{ column }}, 2) || '***' || right({{ column }}, 1)
    end
{%- endmacro %}
