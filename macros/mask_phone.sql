{% macro mask_phone(column) -%}
    {#- +14155550123 -> +1*******0123 (E.164: keeps the first two characters and the last four). -#}
    case
        when {{ column }} is not null
            then left({{ column }}, 2) || repeat('*', greatest(length({{ column }}) - 6, 0)) || right({{ column }}, 4)
    end
{%- endmacro %}
