{% macro parse_number(column, type) -%}
    {#- A delivered number as `type` (e.g. decimal(18, 2), integer, bigint): NULL when it is not a
        plain number (see is_amount / is_integer_text) or does not fit the type (try_cast, so one
        huge value never fails the build). number_checks() tells the two cases apart. -#}
    case
        when {{ is_integer_text(column) if 'int' in type else is_amount(column) }}
            then try_cast(trim({{ column }}) as {{ type }})
    end
{%- endmacro %}
