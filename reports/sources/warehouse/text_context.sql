-- reporting.mart_text_context, and one placeholder row when it is empty (a system not connected): the
-- report build writes no file for an empty result, so the pages filter on is_placeholder instead
select *, false as is_placeholder from reporting.mart_text_context
union all by name
select true as is_placeholder
where not exists (select 1 from reporting.mart_text_context)
