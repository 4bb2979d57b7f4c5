{% macro usd_checks(amount_columns, amount_usd_column, what) -%}
    {#- A valid amount whose USD value does not fit decimal(18,2) (a huge quantity x price, or a
        rate that lost its decimal point) is quarantined, never a failed build. amount_columns: the
        columns the amount is computed from. -#}
    {%- set present = [] -%}
    {%- for column in amount_columns -%}
        {%- do present.append(column ~ " is not null") -%}
    {%- endfor -%}
    {{ return([
        [present | join(' and ') ~ " and usd_per_unit is not null and " ~ amount_usd_column ~ " is null",
         what ~ ": out of range once converted to USD"],
    ]) }}
{%- endmacro %}
