{% macro collapse_repeated_steps(path, separator) -%}
    {#- A path of steps written as one string (e.g. 'email > email > direct' with separator
        ' > ') with each run of the same consecutive step written once ('email > direct'). A
        scalar: mart_journey_paths collapsed its paths from 10.3M channel steps with an ordered
        string aggregate (18 s at 1M people), this from the journeys' paths (6 s). The steps must
        not contain the separator (a test on fct_touchpoints.channel). -#}
    {{ return(adapter.dispatch('collapse_repeated_steps', 'customer_journey')(path, separator)) }}
{%- endmacro %}

{% macro default__collapse_repeated_steps(path, separator) -%}
    {#- Spark's form: its lambdas number the elements from 0 and split on a regular expression
        (the separator must then not hold one's special characters) -#}
    array_join(
        filter(
            split({{ path }}, {{ separator }}),
            (step, i) -> i = 0 or step != split({{ path }}, {{ separator }})[i - 1]
        ),
        {{ separator }}
    )
{%- endmacro %}

{% macro duckdb__collapse_repeated_steps(path, separator) -%}
    array_to_string(
        list_filter(
            string_split({{ path }}, {{ separator }}),
            (step, i) -> i = 1 or step <> string_split({{ path }}, {{ separator }})[i - 1]
        ),
        {{ separator }}
    )
{%- endmacro %}
