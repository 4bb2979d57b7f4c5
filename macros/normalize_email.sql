{% macro normalize_email(column) -%}
    {{ return(adapter.dispatch('normalize_email', 'customer_journey')(column)) }}
{%- endmacro %}

{% macro default__normalize_email(column) -%}
    {#- The contract's email comparison key: trimmed, lower case, `+tag` removed from the local
        part. NULL when the result is not shaped like an address (one @, a dot in the domain). -#}
    case
        when regexp_full_match(lower(trim({{ column }})), '[^@\s]+@[^@\s]+\.[^@\s]+')
            then regexp_replace(lower(trim({{ column }})), '\+[^@]*@', '@')
    end
{%- endmacro %}
