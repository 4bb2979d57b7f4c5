select * from marts.mart_touchpoint_kpis
