{% macro get_incremental_replace_units_sql(arg_dict) -%}
    {#- Incremental strategy replace_units (config unit_key, row_key): every unit (e.g. a web
        client) the new rows name loses all its old rows and gets the new ones. A unit left with
        nothing (all its records gone) is named by a row whose row_key is NULL: its old rows are
        deleted and that row is not inserted. -#}
    {{ return(adapter.dispatch('replace_units_sql', 'customer_journey')(
        arg_dict['target_relation'], arg_dict['temp_relation'], config.get('unit_key'), config.get('row_key'),
        arg_dict['dest_columns'])) }}
{%- endmacro %}

{% macro default__replace_units_sql(target, source, unit_key, row_key, dest_columns) -%}
    {%- if not unit_key or not row_key -%}
        {{ exceptions.raise_compiler_error(this ~ ": incremental_strategy replace_units needs config unit_key and row_key") }}
    {%- endif -%}
    {%- set columns = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    delete from {{ target }}
    where {{ unit_key }} in (select {{ unit_key }} from {{ source }});

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }}
    where {{ row_key }} is not null
{%- endmacro %}
