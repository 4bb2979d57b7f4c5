{% macro normalize_handle(column) -%}
    {#- Social handles compare case-insensitively: trimmed, lower case, one leading @. -#}
    case
        when nullif(trim(ltrim(trim({{ column }}), '@')), '') is not null
            then '@' || lower(trim(ltrim(trim({{ column }}), '@')))
    end
{%- endmacro %}
