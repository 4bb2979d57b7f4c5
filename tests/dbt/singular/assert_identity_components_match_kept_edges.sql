-- int_identity_components lists exactly the usable identifiers that have a kept edge, every
-- listed component has two or more identifiers, and the two ends of every kept edge share a
-- component (a singleton left out of the table must have no kept edge).
with

components as (

    -- the columns read, alone: DuckDB holds a CTE read several times, every column selected
    select
        node_idx,
        component_idx
    from {{ ref('int_identity_components') }}

),

edges as (

    select
        node_idx_a,
        node_idx_b
    from {{ ref('int_identity_edges') }}
    where is_kept

),

screened as (

    select node_idx from {{ ref('int_identifiers_screened') }}
    where is_usable

),

edge_ends as (

    select node_idx_a as node_idx from edges
    union
    select node_idx_b as node_idx from edges

),

small_components as (

    select
        component_idx,
        count(*) as identifiers
    from components
    group by component_idx
    having count(*) < 2

)

select
    'listed without a kept edge or not usable' as problem,
    components.node_idx
from components
left join edge_ends on components.node_idx = edge_ends.node_idx
left join screened on components.node_idx = screened.node_idx
where edge_ends.node_idx is null or screened.node_idx is null
union all
select
    'kept edge end missing' as problem,
    edge_ends.node_idx
from edge_ends
left join components on edge_ends.node_idx = components.node_idx
where components.node_idx is null
union all
select
    'edge ends in different components' as problem,
    edges.node_idx_a as node_idx
from edges
inner join components as a on edges.node_idx_a = a.node_idx
inner join components as b on edges.node_idx_b = b.node_idx
where a.component_idx != b.component_idx
union all
select
    'component of one identifier' as problem,
    component_idx as node_idx
from small_components
