{% macro zone_hour_offsets(relation, utc_column, zone_column) -%}
    {#- The body of a CTE: each (time zone, UTC hour) that `relation` holds, with the zone's offset
        from UTC in minutes at the start of the hour, and whether the offset holds for the whole
        hour. A zone changes its offset a few times a year at most, so converting each distinct
        hour and adding its offset to the rows of that hour gives every row's wall clock for a
        fraction of the cost of converting each row (on_zone_clock); rows of an hour in which the
        zone changes its offset are converted one by one. -#}
    select
        time_zone,
        utc_hour,
        offset_minutes,
        offset_minutes = next_offset_minutes as is_offset_whole_hour
    from (
        -- each hour converted once at its start and once at its end
        select
            time_zone,
            utc_hour,
            {{ dbt.datediff('utc_hour', utc_to_local('utc_hour', 'time_zone'), 'minute') }} as offset_minutes,
            {{ dbt.datediff('next_utc_hour', utc_to_local('next_utc_hour', 'time_zone'), 'minute') }}
                as next_offset_minutes
        from (
            select
                time_zone,
                utc_hour,
                {{ dbt.dateadd('hour', 1, 'utc_hour') }} as next_utc_hour
            from (
                select distinct
                    {{ zone_column }} as time_zone,
                    {{ dbt.date_trunc('hour', utc_column) }} as utc_hour
                from {{ relation }}
                where {{ zone_column }} is not null
            ) as distinct_hours
        ) as zone_hours
    ) as offsets
{%- endmacro %}

{% macro on_zone_clock(utc_column, zone_column, offsets) -%}
    {#- A UTC timestamp on the wall clock of its zone, through the row of zone_hour_offsets joined on
        the zone and the timestamp's UTC hour as `offsets`: the hour's offset added, or where the
        zone changes its offset within that hour, the exact conversion; left on UTC without a zone -#}
    case
        when {{ zone_column }} is null then {{ utc_column }}
        when {{ offsets }}.is_offset_whole_hour
            then {{ dbt.dateadd('minute', offsets ~ '.offset_minutes', utc_column) }}
        else {{ utc_to_local(utc_column, zone_column) }}
    end
{%- endmacro %}
