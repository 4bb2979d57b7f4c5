{% macro number_checks(raw_column, parsed_column, type, max_value=none) -%}
    {#- raw_column: the contract's column name (its raw text is raw__<name>, see raw_passthrough).
        The checks of a delivered number parsed by parse_number(), for dq_reasons(): missing or not
        a number, too large for its type ("out of range", not "not a number"), negative, and above
        max_value when one is given (e.g. var('max_plausible_amount')). -#}
    {%- set raw = 'raw__' ~ raw_column -%}
    {%- set shaped = is_integer_text(raw) if 'int' in type else is_amount(raw) -%}
    {%- set what = 'an integer' if 'int' in type else 'a number' -%}
    {%- set checks = [
        ["not coalesce(" ~ shaped ~ ", false)", raw_column ~ ": missing or not " ~ what],
        [shaped ~ " and " ~ parsed_column ~ " is null", raw_column ~ ": out of range (too many digits)"],
        [parsed_column ~ " < 0", raw_column ~ ": negative"],
    ] -%}
    {%- if max_value is not none -%}
        {%- do checks.append([parsed_column ~ " > " ~ max_value,
                              raw_column ~ ": above the plausible maximum " ~ max_value]) -%}
    {%- endif -%}
    {{ return(checks) }}
{%- endmacro %}
