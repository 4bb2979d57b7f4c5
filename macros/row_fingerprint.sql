{% macro row_fingerprint(expressions) -%}
    {{ return(adapter.dispatch('row_fingerprint', 'customer_journey')(expressions)) }}
{%- endmacro %}

{% macro default__row_fingerprint(expressions) -%}
    {#- A hash of several values (NULLs included), to compare rows' content. -#}
    md5(concat(
    {%- for e in expressions %}
        coalesce(cast({{ e }} as varchar), '\u0001'){{ ", '|'," if not loop.last }}
    {%- endfor %}
    ))
{%- endmacro %}

{% macro duckdb__row_fingerprint(expressions) -%}
    {#- DuckDB's 64-bit hash takes several arguments, NULLs included, and is much faster than md5. -#}
    hash({{ expressions | join(', ') }})
{%- endmacro %}
