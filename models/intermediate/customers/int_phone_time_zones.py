"""The time zone each customer phone number names, from libphonenumber's geography (the
`phonenumbers` package, cjw.phones.time_zone_of): a US or Canadian area code or a European
landline prefix names one zone; a number whose prefix spans several zones (a UK mobile) or none is
left out. One row per distinct E.164 number, so the Python cost is paid once per number.
"""

import pyarrow as pa

from cjw.phones import time_zone_of


def model(dbt, session):
    phones = (dbt.ref("int_customer_identifiers")
              .filter("identifier_type = 'phone'")
              .project("identifier_value")
              .distinct()
              .fetchnumpy()["identifier_value"])
    numbers, zones = [], []
    for number in phones.tolist():
        zone = time_zone_of(number)
        if zone is not None:
            numbers.append(number)
            zones.append(zone)
    # a view on this connection: dbt-duckdb materializes a returned relation on the same one
    session.register("int_phone_time_zones__zones", pa.table({
        "phone_e164": pa.array(numbers, pa.string()),
        "time_zone": pa.array(zones, pa.string()),
    }))
    return session.view("int_phone_time_zones__zones")
