-- Per (journey, model) the credits of fct_attribution sum to 1, and every converted journey has
-- all six models.
with

sums as (

    select
        journey_id,
        model,
        sum(credit) as total_credit
    from {{ ref('fct_attribution') }}
    group by journey_id, model

),

coverage as (

    -- the models present per journey: sums holds one row per (journey, model), so a count of
    -- them (read once more from sums, which DuckDB holds, rather than joined to every journey)
    select
        journey_id,
        count(model) as models
    from sums
    group by journey_id

),

converted as (

    select journey_id from {{ ref('fct_journeys') }}
    where is_converted

)

select
    journey_id,
    model,
    total_credit
from sums
where abs(total_credit - 1) > 1e-9
union all
select
    converted.journey_id,
    'models present: ' || coalesce(coverage.models, 0) as model,
    null as total_credit
from converted
left join coverage on converted.journey_id = coverage.journey_id
where coalesce(coverage.models, 0) != 6
