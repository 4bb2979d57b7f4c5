select * from reporting.mart_touchpoint_kpis
