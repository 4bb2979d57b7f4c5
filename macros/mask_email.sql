{% macro mask_email(column) -%}
    {#- jane.doe@example.org -> j***@example.org: readable enough to recognise a domain, useless
        to contact anyone. NULL stays NULL. -#}
    case
        when {{ column }} is not null
            then left({{ column }}, 1) || '***@' || split_part({{ column }}, '@', 2)
    end
{%- endmacro %}
