{% test unique_combination_of_columns(model, combination_of_columns) %}
{#- Fails with each combination of the columns that occurs more than once. The rows are grouped
    by a hash of the combination first (row_fingerprint), and only the rows whose hash repeats are
    grouped by their values, so a hash collision is never taken for a duplicate: grouping the
    45.8M rows of fct_attribution by three strings at once ran out of a 2,000 MB DuckDB limit at
    1M people. -#}
with

repeated_hashes as (

    select row_hash
    from (
        select {{ row_fingerprint(combination_of_columns) }} as row_hash
        from {{ model }}
    ) as hashed
    group by row_hash
    having count(*) > 1

)

select
    {{ combination_of_columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
where {{ row_fingerprint(combination_of_columns) }} in (select repeated_hashes.row_hash from repeated_hashes)
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
