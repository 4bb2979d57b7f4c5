{% macro get_incremental_replace_units_sql(arg_dict) -%}
    {#- Incremental strategy replace_units (config unit_key, row_key): every unit (e.g. a web
        client) the new rows name loses all its old rows and gets the new ones. A unit left with
        nothing (all its records gone) is named by a row whose row_key is NULL: its old rows are
        deleted and that row is not inserted. The units the run names are kept beside the table,
        in <table>__named_units (the unit key, and _built_by: the run), until the model's next
        incremental run replaces them: the models after it read there which units it wrote
        again or emptied in this run (named_units_of), instead of looking through their own
        table for the units it no longer has. Every row of a unit kept there carries the run's
        marker (_built_by), whichever way the run wrote the table: the models after it read those
        rows as the named units' rows. DuckDB's merge in place keeps there only the units whose
        rows change (duckdb__replace_units_sql), the delete + insert every unit the run names: a
        unit written again unchanged needs nothing built again after it. -#}
    {%- if not config.get('unit_key') or not config.get('row_key') -%}
        {{ exceptions.raise_compiler_error(this ~ ": incremental_strategy replace_units needs config unit_key and row_key") }}
    {%- endif -%}
    {{ return(adapter.dispatch('replace_units_sql', 'customer_journey')(
        arg_dict['target_relation'], arg_dict['temp_relation'], config.get('unit_key'), config.get('row_key'),
        arg_dict['dest_columns'])) }}
{%- endmacro %}

{% macro named_units_relation(target) -%}
    {#- Where replace_units keeps the units a run of `target` named (a table beside it). -#}
    {{ return(target.incorporate(path={'identifier': target.identifier ~ '__named_units'})) }}
{%- endmacro %}

{% macro gone_rows_relation(target) -%}
    {#- Where replace_units keeps the rows a run of `target` removed, for a model configured with
        keep_gone_rows: true (a table beside it, <table>__gone_rows: the merge_key's columns, and
        _built_by, the run). -#}
    {{ return(target.incorporate(path={'identifier': target.identifier ~ '__gone_rows'})) }}
{%- endmacro %}

{% macro gone_rows_stamp(target) -%}
    {#- The run that wrote gone_rows_relation, as the table's comment: a reader of the rows a run
        removed (the publish step, cjw.changes) can tell this run's table, even an empty one, from
        one an earlier run left (the model built whole in this run writes none) -#}
    comment on table {{ gone_rows_relation(target) }} is 'gone rows of run {{ invocation_id }}'
{%- endmacro %}

{% macro replace_units_gone_sql(target, source, unit_key, row_key) -%}
    {#- The rows of the named units (replace_units_named_sql) whose merge_key the run does not
        write again: what the delete + insert removes, kept in gone_rows_relation before it, so
        that a model reading the table can find what its removed rows held (keep_gone_rows) -#}
    {%- set merge_key = config.get('merge_key') or [] -%}
    {%- if not merge_key or merge_key is string -%}
        {{ exceptions.raise_compiler_error(this ~ ": replace_units with keep_gone_rows needs config merge_key, a list of columns") }}
    {%- endif -%}
    create or replace table {{ gone_rows_relation(target) }} as
    select
        {% for key in merge_key %}kept.{{ key }},{% endfor %}
        '{{ invocation_id }}' as _built_by
    from {{ target }} as kept
    where
        kept.{{ unit_key }} in (select named.{{ unit_key }} from {{ named_units_relation(target) }} as named)
        and not exists (
            select 1 from {{ source }} as arrived
            where
                arrived.{{ row_key }} is not null
                {% for key in merge_key %}and arrived.{{ key }} = kept.{{ key }}{{ ' ' if not loop.last }}{% endfor %}
        );

    {{ gone_rows_stamp(target) }}
{%- endmacro %}

{% macro replace_units_named_sql(target, source, unit_key) -%}
    {#- The units the run names, kept beside the table (named_units_relation) -#}
    create or replace table {{ named_units_relation(target) }} as
    select distinct
        {{ unit_key }},
        '{{ invocation_id }}' as _built_by
    from {{ source }}
{%- endmacro %}

{% macro replace_units_delete_insert_sql(target, source, unit_key, row_key, dest_columns) -%}
    {#- Every row of the named units (written by replace_units_named_sql) deleted, the run's rows
        inserted -#}
    {%- set columns = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    delete from {{ target }}
    where {{ unit_key }} in (select {{ unit_key }} from {{ named_units_relation(target) }});

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }}
    where {{ row_key }} is not null
{%- endmacro %}

{% macro default__replace_units_sql(target, source, unit_key, row_key, dest_columns) -%}
    {{ replace_units_named_sql(target, source, unit_key) }};
    {%- if config.get('keep_gone_rows') %}

    {{ replace_units_gone_sql(target, source, unit_key, row_key) }};
    {%- endif %}

    {{ replace_units_delete_insert_sql(target, source, unit_key, row_key, dest_columns) }}
{%- endmacro %}

{% macro duckdb__replace_units_sql(target, source, unit_key, row_key, dest_columns) -%}
    {#- DuckDB: delete + insert, or, where the delete would leave at least
        var('replace_units_merge_mb') MB of delete marks, the new rows merged in place by the
        model's merge_key (a list of columns, unique in every row that is not a removal marker, and
        never NULL): the rows of the named units the run does not write again are deleted, those
        it writes again with another value in any column but the run marker are updated in place
        (the columns that changed), and the new keys are inserted. The units where any of that
        happens are the units that change: every row of theirs gets the run marker _built_by (the
        run's invocation id, as every replace_units model sets it), and only they are kept as the
        run's named units. A unit the run writes again unchanged keeps its rows as they are, old
        marker included, so the models after it leave it alone: identity resolved again names
        many records whose customer did not move. The table ends with the rows the delete +
        insert leaves; the marks differ only in the units that did not change, and every row of a
        named unit is marked either way. Before, every row of every named unit got the marker:
        the models after it built all of them again, and the marker's update wrote to most row
        groups of the large tables. With the switch set, a model without a merge_key is a
        compile error.
        The rows merged are best few and rarely changed: DuckDB holds an update in memory until it
        commits, and updating the Markov credits in place (a sixth of the attribution rows, all
        moved by every delivery) ran the 1M day out of its 2,000 MB after 2 minutes; they are a
        table of their own (int_attribution_markov_credits), written whole at every build.
        The merge is three statements, not one MERGE: on the 1M-person day a MERGE ran out of
        its 2,000 MB DuckDB limit in int_touchpoints_identified (3.6M of its 16.9M rows written
        again, mostly orders resolved again unchanged; its hash table holds every column of them),
        also with only the changed rows updated whole; the update of the changed rows, the marker
        and the insert took 4.1 + 1.7 + 4.6 s there and passed under the same limit.
        Env CJW_REPLACE_UNITS_MERGE_MB overrides the var; 0: always merge. Unset,
        the default: 0 when the build's memory is bounded (env CJW_MEMORY_LIMIT, cjw build
        --memory-limit), else always delete.
        DuckDB 1.4 materialises an array of deleted row ids (16 KiB) for every 2,048-row vector
        that loses a row, outside its memory limit, and holds it for the life of the process
        (a later process loads it again when it reads the table) until the row group is rewritten.
        The units an incremental run names lie all over its large tables, so nearly every vector
        loses a row: at 1M people a day's build held 2.2 GB more than the history's. DuckDB 1.5
        counts the marks in its limit, also those a later read of the table loads, which ran the
        1M day's int_journeys out of its 2 GB after deletes (README, Memory at scale). The merge
        deletes only the rows that vanished (few vectors) and updates the others in place. Before
        it the table was written anew (kept rows, then the new ones), which on 20M rows with 18 %
        named took 17.5 s against 9.4-10.6 s merged and 3.7 s deleted. The named units go to a temporary
        table first: the count of the vectors they lie in and the joins build on them, never on the
        table. The rows they hold (row id, unit and merge key) go to a second one, found in one
        pass over the table, the rows that change (gone, or written with another value) and their
        units to two more, and the delete, both updates and the insert join those, not the table: each of them
        scanned the table's key or unit columns before (replayed on a copy of the 1M-person day's
        int_identity_observations, 35.9M rows, 565k of them named: 7.0 s -> 5.0 s with the
        commit; int_journey_touchpoints, 15.5M rows with changes, vanished and new keys planted:
        4.7 s -> 4.0 s, the same table after). A changed row is updated column by column, each
        column only where its value changed (the comparison that finds the changed rows keeps a
        flag per column), and its marker with the other rows of its unit: an update of every column
        wrote them all out again at the commit (replayed on int_touchpoints_identified of the 1M day,
        37k rows with a new customer: the statements 3.5 -> 2.2 s, the same table after).
        Only columns of fixed width (numbers, booleans, dates and times) are updated in place: a
        row with another value in a string column (or another column of variable width) is deleted
        and inserted again (moved). DuckDB's commit writes out every updated column again in
        every row group an updated row lies in, and a string column's segments are decompressed
        and compressed again: on a copy of the 1M day's int_journey_touchpoints (15.6M rows), 12k
        rows scattered over the table with a new journey_id took 1.6 s to commit, with a new
        seq (a number) 0.1 s, nine columns 8.4 s; deleting them took 0.01 s. A day moves few rows
        (the 100k day: 600 of the 1.5M journey touches), so few vectors get a delete mark (about
        5 KB each on DuckDB 1.5, loaded with the table). -#}
    {%- set configured = var('replace_units_merge_mb', none) -%}
    {%- set bounded_default = '0' if env_var('CJW_MEMORY_LIMIT', '') else '' -%}
    {%- set limit_mb = env_var('CJW_REPLACE_UNITS_MERGE_MB',
        bounded_default if configured is none else configured | string) -%}
    {%- set merge_key = config.get('merge_key') -%}
    {%- if merge_key and merge_key is string -%}
        {{ exceptions.raise_compiler_error(this ~ ": replace_units config merge_key must be a list of columns") }}
    {%- endif -%}
    {%- if limit_mb == '' -%}
        {{ default__replace_units_sql(target, source, unit_key, row_key, dest_columns) }}
    {%- elif not merge_key -%}
        {{ exceptions.raise_compiler_error(this ~ ": replace_units merges in place here (replace_units_merge_mb"
            ~ " or CJW_REPLACE_UNITS_MERGE_MB is set): give the model a merge_key, the list of columns"
            ~ " that identify its rows") }}
    {%- else -%}
        {%- set names = dest_columns | map(attribute='name') | list -%}
        {%- set columns = get_quoted_csv(names) -%}
        {%- set named = named_units_relation(target) -%}
        {%- call statement('replace_units_named') -%}
            {{ replace_units_named_sql(target, source, unit_key) }}
        {%- endcall -%}
        {%- if (limit_mb | float) > 0 -%}
            {#- the vectors the named units lie in: what their delete would mark (a scan of the
                table, spared at 0, where every table is merged) -#}
            {%- set marked = run_query(
                'select count(distinct kept.rowid // 2048) from ' ~ target ~ ' as kept semi join ' ~ named
                ~ ' as named on kept.' ~ unit_key ~ ' = named.' ~ unit_key
            ).columns[0].values()[0] -%}
            {%- set marks_mb = (marked | int) * 16 / 1024 -%}
            {%- set merged = marks_mb >= (limit_mb | float) -%}
            {%- do log(this ~ ': the named units lie in ' ~ marked ~ ' vectors (' ~ (marks_mb | round(1))
                ~ ' MB of delete marks): ' ~ ('merged in place' if merged else 'delete + insert'), info=true) -%}
        {%- else -%}
            {%- set merged = true -%}
        {%- endif -%}
        {%- if merged -%}
            {%- set named_rows = adapter.quote(target.identifier ~ '__named_rows') -%}
            {%- set changed_rows = adapter.quote(target.identifier ~ '__changed_rows') -%}
            {%- set changed_units = adapter.quote(target.identifier ~ '__changed_units') -%}
            {%- set on_key = [] -%}
            {%- for key in merge_key -%}{%- do on_key.append('kept.' ~ key ~ ' = arrived.' ~ key) -%}{%- endfor -%}
            {#- the columns compared and updated one by one: all but the key and the run marker -#}
            {%- set compared = names | reject('in', merge_key) | reject('equalto', '_built_by') | list -%}
            {#- a changed row is updated in place where only columns of fixed width changed; where a
                string (or another variable-width column) changed, it is deleted and inserted again
                (moved): see the comment above -#}
            {%- set fixed_width = ['BOOLEAN', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT',
                'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'FLOAT', 'REAL', 'DOUBLE', 'DECIMAL', 'NUMERIC',
                'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'TIMESTAMPTZ',
                'TIMESTAMP WITH TIME ZONE', 'INTERVAL', 'UUID'] -%}
            {%- set types = {} -%}
            {%- for column in dest_columns -%}{%- do types.update({column.name: column.dtype | upper}) -%}{%- endfor -%}
            {%- set in_place = [] -%}
            {%- set moving = [] -%}
            {%- for name in compared -%}
                {%- if (types[name].split('(')[0] | trim) in fixed_width -%}
                    {%- do in_place.append(loop.index) -%}
                {%- else -%}
                    {%- do moving.append(loop.index) -%}
                {%- endif -%}
            {%- endfor -%}
            -- the rows the named units hold now (row id, unit and key), found in one pass over the
            -- table: the statements below join these, not the whole table
            create or replace temporary table {{ named_rows }} as
            select
                kept.rowid as _row_id,
                kept.{{ unit_key }} as _named_unit,
                {% for key in merge_key %}kept.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
            from {{ target }} as kept
            semi join {{ named }} as named on kept.{{ unit_key }} = named.{{ unit_key }};

            -- the rows that change: those the run does not write again (gone), and those it writes
            -- with another value in any column but the run marker; moved: a string among them
            create or replace temporary table {{ changed_rows }} as
            select
                changed.*,
                {% if moving -%}
                ({% for index in moving %}changed._differs_{{ index }}{{ ' or ' if not loop.last }}{% endfor %})
                {%- else -%}
                false
                {%- endif %} as is_moved
            from (
            select
                kept._row_id,
                kept._named_unit,
                null as _arrived_unit,
                true as is_gone,
                {% for name in compared %}false as _differs_{{ loop.index }},{% endfor %}
                {% for key in merge_key %}kept.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
            from {{ named_rows }} as kept
            anti join (
                select {{ merge_key | join(', ') }} from {{ source }} where {{ row_key }} is not null
            ) as arrived
                on {{ on_key | join(' and ') }}
            union all
            select
                named_rows._row_id,
                named_rows._named_unit,
                arrived.{{ unit_key }} as _arrived_unit,
                false as is_gone,
                {%- for name in compared %}
                kept.{{ adapter.quote(name) }} is distinct from arrived.{{ adapter.quote(name) }} as _differs_{{ loop.index }},
                {%- endfor %}
                {% for key in merge_key %}named_rows.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
            from {{ target }} as kept
            inner join {{ named_rows }} as named_rows on kept.rowid = named_rows._row_id
            inner join {{ source }} as arrived
                on {% for key in merge_key %}named_rows.{{ key }} = arrived.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}
            where
                arrived.{{ row_key }} is not null and (
                {%- for name in compared %}
                kept.{{ adapter.quote(name) }} is distinct from arrived.{{ adapter.quote(name) }}{{ ' or' if not loop.last }}
                {%- endfor %}
            )
            ) as changed;

            {% if config.get('keep_gone_rows') -%}
            -- the rows gone, kept for the models that read what they held (keep_gone_rows)
            create or replace table {{ gone_rows_relation(target) }} as
            select
                {% for key in merge_key %}{{ key }},{% endfor %}
                '{{ invocation_id }}' as _built_by
            from {{ changed_rows }}
            where is_gone;

            {{ gone_rows_stamp(target) }};

            {% endif -%}
            -- the units that change: a row gone, written with another value (in the unit that
            -- held it, and in the one it moves to), or new (a key the named units do not hold)
            create or replace temporary table {{ changed_units }} as
            select _named_unit as {{ unit_key }}
            from {{ changed_rows }}
            union
            select _arrived_unit
            from {{ changed_rows }}
            where _arrived_unit is not null
            union
            select arrived.{{ unit_key }}
            from {{ source }} as arrived
            where arrived.{{ row_key }} is not null and not exists (
                select 1 from {{ named_rows }} as kept
                where {{ on_key | join(' and ') }}
            );

            -- the rows gone, and the rows moved: written again below
            delete from {{ target }}
            where rowid in (select _row_id from {{ changed_rows }} where is_gone or is_moved);

            -- the rows written again with another value in columns of fixed width alone: each column
            -- where its value changed (the marker below), so that the commit writes out only the
            -- columns that changed
            {%- for name in compared %}
            {%- set index = loop.index %}
            {%- if index in in_place %}
            update {{ target }} as kept
            set {{ adapter.quote(name) }} = arrived.{{ adapter.quote(name) }}
            from (
                select changed._row_id, arrived.{{ adapter.quote(name) }}
                from {{ changed_rows }} as changed
                inner join {{ source }} as arrived
                    on {% for key in merge_key %}changed.{{ key }} = arrived.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}
                where changed._differs_{{ index }} and not changed.is_moved and arrived.{{ row_key }} is not null
            ) as arrived
            where kept.rowid = arrived._row_id;
            {%- endif %}
            {%- endfor %}

            -- every row of a unit that changes, those updated above included: the run marker (a unit
            -- whose rows the run writes again unchanged keeps its rows as they are, marker included;
            -- the rows deleted above are inserted with it)
            update {{ target }} as kept
            set _built_by = '{{ invocation_id }}'
            from (
                select named_rows._row_id
                from {{ named_rows }} as named_rows
                semi join {{ changed_units }} as changed_units
                    on named_rows._named_unit = changed_units.{{ unit_key }}
                anti join (select _row_id from {{ changed_rows }} where is_gone or is_moved) as removed
                    on named_rows._row_id = removed._row_id
            ) as marked
            where kept.rowid = marked._row_id and kept._built_by is distinct from '{{ invocation_id }}';

            -- the new keys (a key the named units do not hold: as after the delete + insert, a key
            -- held by a unit the run does not name would be written twice, which the model's
            -- uniqueness test finds), and the rows moved
            insert into {{ target }} ({{ columns }})
            select {{ columns }}
            from {{ source }} as arrived
            where arrived.{{ row_key }} is not null and (
                not exists (
                    select 1 from {{ named_rows }} as kept
                    where {{ on_key | join(' and ') }}
                )
                {%- if moving %}
                or exists (
                    select 1 from {{ changed_rows }} as kept
                    where kept.is_moved and {{ on_key | join(' and ') }}
                )
                {%- endif %}
            );

            -- the units the run names, for the models after it: those that change
            create or replace table {{ named }} as
            select
                {{ unit_key }},
                '{{ invocation_id }}' as _built_by
            from {{ changed_units }};

            drop table {{ named_rows }};
            drop table {{ changed_rows }};
            drop table {{ changed_units }}
        {%- else -%}
            {%- if config.get('keep_gone_rows') -%}
            {{ replace_units_gone_sql(target, source, unit_key, row_key) }};

            {% endif -%}
            {{ replace_units_delete_insert_sql(target, source, unit_key, row_key, dest_columns) }}
        {%- endif %}
    {%- endif -%}
{%- endmacro %}
