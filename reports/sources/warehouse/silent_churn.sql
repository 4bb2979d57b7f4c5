-- reporting.mart_silent_churn: lapsed against renewed membership terms, by what the member said
select * from reporting.mart_silent_churn
