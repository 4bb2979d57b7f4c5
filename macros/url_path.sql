{% macro url_path(url_column) -%}
    {{ return(adapter.dispatch('url_path', 'customer_journey')(url_column)) }}
{%- endmacro %}

{% macro default__url_path(url_column) -%}
    {#- path of a URL (without query or fragment); '/' when empty. -#}
    coalesce(nullif(regexp_extract({{ url_column }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*(/[^?#]*)', 1), ''), '/')
{%- endmacro %}
