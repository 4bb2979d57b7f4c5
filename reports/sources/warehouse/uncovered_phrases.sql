-- marts.fct_text_uncovered_phrases, and one placeholder row when it is empty: the report build
-- writes no file for an empty result, so the page filters on is_placeholder instead
select *, false as is_placeholder from marts.fct_text_uncovered_phrases
union all by name
select true as is_placeholder
where not exists (select 1 from marts.fct_text_uncovered_phrases)
