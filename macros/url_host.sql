{% macro url_host(url_column) -%}
    {{ return(adapter.dispatch('url_host', 'customer_journey')(url_column)) }}
{%- endmacro %}

{% macro default__url_host(url_column) -%}
    {#- host of a URL without a leading www., lower case; NULL when there is none. -#}
    nullif(regexp_replace(lower(regexp_extract({{ url_column }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)', 1)), '^www\.', ''), '')
{%- endmacro %}
