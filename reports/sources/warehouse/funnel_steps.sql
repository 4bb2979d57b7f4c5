select * from reporting.mart_funnel_steps order by funnel, entry_channel, step_number
