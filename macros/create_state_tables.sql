{% macro create_state_tables() -%}
    {#- on-run-start: the warehouse state tables (source warehouse_state) exist, empty unless
        `cjw build` filled them from the previous publication before dbt ran (plain dbt build, a
        first build). -#}
    create schema if not exists history;
    create table if not exists history.previous_customer_ids (
        identifier_type varchar, identifier_value varchar, customer_id varchar
    );
    create table if not exists history.previous_identity_changes (
        previous_customer_id varchar, customer_id varchar, change_kind varchar, identifiers_moved bigint,
        changed_on date
    )
{%- endmacro %}
