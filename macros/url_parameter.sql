{% macro url_parameter(url_column, parameter) -%}
    {{ return(adapter.dispatch('url_parameter', 'customer_journey')(url_column, parameter)) }}
{%- endmacro %}

{% macro default__url_parameter(url_column, parameter) -%}
    {#- The value of one query parameter of a URL, percent-decoded, case kept; NULL when absent. -#}
    nullif(url_decode(regexp_extract({{ url_column }}, '[?&]{{ parameter }}=([^&#]*)', 1)), '')
{%- endmacro %}
