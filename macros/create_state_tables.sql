{% macro create_state_tables() -%}
    {#- on-run-start: the warehouse state tables (source warehouse_state) exist, empty unless
        `cjw build` filled them before dbt ran (plain dbt build, a first build). delivery_files,
        the delivered files this build reads, is filled by create_raw_views when cjw build did
        not list them. -#}
    create schema if not exists history;
    create table if not exists history.previous_customer_ids (
        identifier_type varchar, identifier_value varchar, customer_id varchar
    );
    create table if not exists history.previous_identity_changes (
        previous_customer_id varchar, customer_id varchar, change_kind varchar, identifiers_moved bigint,
        changed_on date
    );
    create table if not exists history.previous_load_manifest (
        delivery varchar, table_name varchar, file_sha256 varchar, loaded_at timestamp
    );
    create table if not exists history.delivery_files (
        delivery_index integer, delivery varchar, table_name varchar, file_path varchar, file_bytes bigint,
        file_sha256 varchar, data_rows bigint, load_status varchar, duplicate_of varchar
    )
{%- endmacro %}
