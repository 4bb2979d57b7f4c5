{#- The touchpoint impact's counts per stratum (int_impact_cells), published: mart_touchpoint_impact
    standardizes them into each touch's lift, and a BI user can do the same. -#}
select * from {{ ref('int_impact_cells') }}  -- noqa: AM04
