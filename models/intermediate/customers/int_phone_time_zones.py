"""The time zone each customer phone number names, from libphonenumber's geography (the
`phonenumbers` package, cjw.phones.time_zone_of): a US or Canadian area code or a European
landline prefix names one zone; a number whose prefix spans several zones (a UK mobile) or none is
left out. One row per distinct E.164 number, so the Python cost is paid once per number.

A day's build (a `cjw build` over the kept build, CJW_INCREMENTAL=1) looks up only the numbers its
previous table does not hold: a number's zone depends on the number alone, and the kept build is
only reused by the same code (cjw.state.code_print covers this file, cjw.phones and the pinned
`phonenumbers`). The numbers no customer has any more are left out, as a full build would, so the
table is the full build's whatever the build (100k people: 78,133 numbers, 3.3 s of lookups in
every build; a day looks up the day's new numbers and those without a zone).
"""

import pyarrow as pa

from cjw.phones import time_zone_of
from cjw.relations import kept_table


def model(dbt, session):
    phones = (dbt.ref("int_customer_identifiers")
              .filter("identifier_type = 'phone'")
              .project("identifier_value")
              .distinct())
    previous = kept_table(dbt, session, "phone_e164, time_zone")
    numbers, zones = [], []
    if previous is None:
        unknown = phones
    else:
        kept = phones.join(previous, "identifier_value = phone_e164").project("phone_e164, time_zone").fetchnumpy()
        numbers, zones = kept["phone_e164"].tolist(), kept["time_zone"].tolist()
        unknown = phones.join(previous, "identifier_value = phone_e164", how="anti")
    for number in unknown.fetchnumpy()["identifier_value"].tolist():
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
