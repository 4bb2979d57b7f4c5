{% macro exact_sum(expression, over=none, integer_digits=14) -%}
    {{ return(adapter.dispatch('exact_sum', 'customer_journey')(expression, over, integer_digits)) }}
{%- endmacro %}

{#- A sum of doubles that does not depend on the order its rows arrive in. A sum of doubles rounds
    after every addition, so its last bits follow the row order, which a parallel engine does not
    fix: two builds of the same data published different last bits. Here each value is read as
    a fixed-point number, the fixed-point numbers are added exactly, and the total is rounded to
    a double once. `integer_digits`: the largest total is about 10^integer_digits (a larger one
    fails the query with an overflow, it never wraps); the finer the grid, the fewer digits.
    `over`: a window (`partition by ...`), for a partitioned or running sum. -#}

{% macro default__exact_sum(expression, over, integer_digits) -%}
    {#- decimals of 38 digits, integer_digits of them before the point -#}
    cast(sum(cast({{ expression }} as decimal(38, {{ 38 - integer_digits }}))){% if over %} over ({{ over }}){% endif %} as double)
{%- endmacro %}

{% macro duckdb__exact_sum(expression, over, integer_digits) -%}
    {#- DuckDB reads a double as a decimal through a rounded product (0.1 becomes
        0.100000000000000008388608), so a value summed alone did not come back as itself. Scaling
        by a power of two is exact instead: the value times 2^bits, rounded to a 128-bit integer
        (exact for any value above 2^-(bits - 52)), the integers added, the total divided back.
        A 128-bit integer holds 2^127, so bits = 127 - log2(10^integer_digits). -#}
    {%- set bits = (127 - integer_digits * 3.321928094887362) | int -%}
    (cast(sum(cast(({{ expression }}) * pow(2, {{ bits }}) as hugeint)){% if over %} over ({{ over }}){% endif %} as double)
        / pow(2, {{ bits }}))
{%- endmacro %}
