{% macro campaign_key(column) -%}
    {{ return(adapter.dispatch('campaign_key', 'customer_journey')(column)) }}
{%- endmacro %}

{% macro default__campaign_key(column) -%}
    {#- a campaign name as a key: lower case, every run of other characters one hyphen, so an ad
        platform's "Search - Brand" meets the utm_campaign "search-brand" of the visits it brought. -#}
    regexp_replace(lower(trim({{ column }})), '[^a-z0-9]+', '-')
{%- endmacro %}

{% macro duckdb__campaign_key(column) -%}
    regexp_replace(lower(trim({{ column }})), '[^a-z0-9]+', '-', 'g')
{%- endmacro %}
