"""cjw: the customer journey analytics warehouse (dbt + DuckDB)."""

__version__ = "0.1.0"
