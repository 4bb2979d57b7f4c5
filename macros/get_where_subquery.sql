{% macro default__get_where_subquery(relation) -%}
    {#- The rows a generic data test reads: dbt's own (the test's `where` config), narrowed on a
        day's build to the rows that day can have made wrong.
        On a day's build (a `cjw build` that adds to the kept build: CJW_INCREMENTAL=1, as
        incremental_allowed() reads it), an error-severity test of a model this build wrote unit
        by unit (strategy replace_units) or key by key (merge_changed, delete+insert: the base
        models decide again the keys a delivery brings, stage_raw_rows) that marks each row with the run that wrote
        it (a documented column _built_by) reads only what the day can have made wrong. The kept
        build passed every such test when it was built (a build whose error test fails is never
        kept), and a row this build did not write is that row unchanged:
        - a test of each row on its own (not_null, accepted_values, expression_is_true): the rows
          written in this run (`_built_by` = the invocation);
        - a uniqueness test (unique, unique_combination_of_columns): every row, old or new, whose
          key a row written in this run has, so a new row that repeats a kept row's key fails.
          The rows are found by an inner join with the distinct keys written in this run (each
          tested row matches at most one of them): a correlated `exists` made DuckDB collect every
          distinct key of the whole table first, slower than testing the whole table (100k
          people: 3.2 s for the ten such tests of a day, the join 0.7 s, the whole tables 1.8 s).
        A view that publishes such a model's rows one for one (a projection, perhaps filtered: a
        core mart over its intermediate table, a staging view over its base model) says so with
        `meta: {rows_of: <that model>}`; its uniqueness tests on keys that model has under the same
        names read every row of the view holding a key the model wrote in this run (a duplicate in
        the view is two rows of the model, one of them written in this run, or both were in the kept
        build's view). Its row tests read the whole view. A view whose rows each derive from the
        model's rows of one key (`meta: {rows_by_key_of: <that model>}`, fct_attribution: five rows
        per rule-based credit) has its uniqueness tests read the rows of the keys (the model's
        merge_key) the model wrote in this run, and the rows matching its `written_whole_where`,
        written whole at every build (fct_attribution's Markov credits).
        Any other test (relationships, singular tests, warnings) and every test outside such a
        build (plain `dbt build`, `dbt test`, a first or full build, a model not built in this
        run) reads the whole table. dbt renders this macro where the project's other macros are
        not in scope: it calls none. -#}
    {%- set where = config.get('where', '') -%}
    {%- set conditions = ['(' ~ where ~ ')'] if where else [] -%}
    {%- set test = (model.get('test_metadata') or {}) if execute else {} -%}
    {%- set kind = test.get('name') -%}
    {%- set row_tests = ['not_null', 'accepted_values', 'expression_is_true'] -%}
    {%- set key_tests = ['unique', 'unique_combination_of_columns'] -%}
    {%- set tested = [] -%}
    {#- the model whose rows this run wrote, and the relation that holds them (the tested one, or
        the model a view publishes row for row) -#}
    {%- set writer = [] -%}
    {%- if execute and env_var('CJW_INCREMENTAL', '') == '1' and kind in row_tests + key_tests
          and (config.get('severity') or 'error') | lower == 'error' -%}
        {%- for unique_id in model.depends_on.nodes -%}
            {%- set node = graph.nodes.get(unique_id) -%}
            {%- if node and node.resource_type == 'model' and node.alias == relation.identifier
                  and node.schema == relation.schema -%}
                {%- set meta = node.config.get('meta') or {} -%}
                {%- set rows_of = (meta.get('rows_of') or meta.get('rows_by_key_of'))
                    if node.config.materialized == 'view' and kind in key_tests else none -%}
                {%- set candidates = [node] if not rows_of else [] -%}
                {%- for parent_id in (node.depends_on.nodes if rows_of else []) -%}
                    {%- set parent = graph.nodes.get(parent_id) -%}
                    {%- if parent and parent.resource_type == 'model' and parent.name == rows_of -%}
                        {%- do candidates.append(parent) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- for candidate in candidates
                      if candidate.config.materialized == 'incremental'
                      and candidate.config.get('incremental_strategy') in ['replace_units', 'merge_changed', 'delete+insert']
                      and '_built_by' in candidate.columns
                      and candidate.unique_id in selected_resources -%}
                    {%- do tested.append(node) -%}
                    {%- do writer.append(candidate) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if tested | length == 1 -%}
        {%- set written = "_built_by = '" ~ invocation_id ~ "'" -%}
        {%- set keys = ([test.kwargs.column_name] if kind == 'unique' else test.kwargs.combination_of_columns)
            if kind in key_tests else [] -%}
        {%- set source = writer[0] -%}
        {%- set built_in = relation if source.unique_id == tested[0].unique_id else
            api.Relation.create(database=source.database, schema=source.schema, identifier=source.alias) -%}
        {%- if kind in row_tests -%}
            {%- do conditions.append('tested.' ~ written) -%}
        {%- elif source.unique_id == tested[0].unique_id
              or keys | reject('in', source.columns) | list | length == 0 -%}
            {%- set matches = [] -%}
            {%- for key in keys -%}
                {%- do matches.append('built.' ~ key ~ ' is not distinct from tested.' ~ key) -%}
            {%- endfor -%}
            {%- set filter = ' where ' ~ conditions | join(' and ') if conditions else '' -%}
            {%- do return('(select tested.* from ' ~ relation ~ ' as tested inner join (select distinct '
                ~ keys | join(', ') ~ ' from ' ~ built_in ~ ' where ' ~ written ~ ') as built on '
                ~ matches | join(' and ') ~ filter ~ ') dbt_subquery') -%}
        {%- elif (tested[0].config.get('meta') or {}).get('rows_by_key_of') == source.name
              and source.config.get('merge_key')
              and source.config.get('merge_key') | reject('in', tested[0].columns) | list | length == 0 -%}
            {#- a view whose rows derive key by key from the model's (rows_by_key_of: each of them
                from the model's rows of the same merge_key alone), and whose rows that match
                written_whole_where are written whole at every build: those, and the rows of the
                keys the model wrote in this run. Two rows with the same tested key derive from the
                same model key, or both are written whole. -#}
            {%- set merge_key = source.config.get('merge_key') -%}
            {%- set whole = (tested[0].config.get('meta') or {}).get('written_whole_where') -%}
            {%- set matches = [] -%}
            {%- for key in merge_key -%}
                {%- do matches.append('built.' ~ key ~ ' = tested.' ~ key) -%}
            {%- endfor -%}
            {%- set by_key = conditions + (['not (' ~ whole ~ ')'] if whole else []) -%}
            {%- set derived = '(select tested.* from ' ~ relation ~ ' as tested inner join (select distinct '
                ~ merge_key | join(', ') ~ ' from ' ~ built_in ~ ' where ' ~ written ~ ') as built on '
                ~ matches | join(' and ') ~ (' where ' ~ by_key | join(' and ') if by_key else '') -%}
            {%- if whole -%}
                {%- set derived = derived ~ ' union all select tested.* from ' ~ relation ~ ' as tested where '
                    ~ (conditions + ['(' ~ whole ~ ')']) | join(' and ') -%}
            {%- endif -%}
            {%- do return(derived ~ ') dbt_subquery') -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' as tested where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
