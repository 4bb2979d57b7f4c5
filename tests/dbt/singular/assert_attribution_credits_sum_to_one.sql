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

    select
        journeys.journey_id,
        count(distinct sums.model) as models
    from {{ ref('fct_journeys') }} as journeys
    left join sums on journeys.journey_id = sums.journey_id
    where journeys.is_converted
    group by journeys.journey_id

)

select
    journey_id,
    model,
    total_credit
from sums
where abs(total_credit - 1) > 1e-9
union all
select
    journey_id,
    'models present: ' || models as model,
    null as total_credit
from coverage
where models != 6
