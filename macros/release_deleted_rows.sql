{% macro release_deleted_rows() -%}
    {{ return(adapter.dispatch('release_deleted_rows', 'customer_journey')()) }}
{%- endmacro %}

{% macro default__release_deleted_rows() -%}
    {#- A hook for engines that hold a table's deleted rows in memory until they are written out;
        elsewhere nothing (an empty hook is not run). -#}
{%- endmacro %}

{% macro duckdb__release_deleted_rows() -%}
    {#- A post-hook outside the model's transaction, on every model: after an incremental model of
        an incremental run (rows deleted and inserted: replace_units, delete+insert) DuckDB writes
        the table out (`checkpoint`), so the deleted rows' marks leave memory. DuckDB keeps a mark
        per row of every 2,048-row vector that lost a row, and an incremental run deletes a few
        rows from nearly every vector of its large tables: until written out, DuckDB holds them
        pinned in its memory (20M rows losing 1 %: 128-300 MB counted in its limit; a second such
        table then ran out of a 300 MB limit, written out between the two it did not). DuckDB 1.4
        held the same marks outside its limit and kept them for as long as the process lived, on
        every read of the table too: at 1M people the day's build grew by 2.2 GB beyond the
        history's, to 6.3 GB. Other models, and full builds, write nothing here. -#}
    {%- if execute and model.config.materialized == 'incremental' and incremental_allowed() -%}
        checkpoint
    {%- endif -%}
{%- endmacro %}
