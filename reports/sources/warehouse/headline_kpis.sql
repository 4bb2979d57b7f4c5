select kpi, value, unit, definition, display_order from reporting.mart_headline_kpis order by display_order
