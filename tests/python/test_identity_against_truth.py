"""Identity resolution scored against the generator's truth on an unseen world."""

from __future__ import annotations

import shutil

from cjw.build import dbt_env, run_dbt
from cjw.scoring import score_identity


def test_pairwise_precision_and_recall(built_world):
    score = score_identity(built_world.full, built_world.truth_dir, built_world.raw_dir)
    print("\n" + "\n".join(score.lines()))
    assert score.precision >= 0.99
    assert score.recall >= 0.98
    assert score.merged_people == 0, "a customer merges different people"


def test_guardrails_are_what_keeps_people_apart(built_world, tmp_path):
    """The same world with the identity quarantine switched off merges people: the guardrails matter
    and the score above can fail."""
    copy = tmp_path / built_world.full.name  # the same file name: the build's views refer to it
    shutil.copy(built_world.full, copy)
    env = dbt_env(copy, built_world.raw_dir)
    assert run_dbt(["run", "--target", "prod", "--target-path", str(tmp_path / "target"), "--select",
                    "int_identifiers_screened+", "--vars", "{identity_guardrails: false}"], env) == 0
    score = score_identity(copy, built_world.truth_dir, built_world.raw_dir)
    assert score.merged_people > 0
    assert score.precision < 0.995


def test_shared_identifiers_are_quarantined_with_a_reason(built_world):
    """Every email or phone that the data shows on named records (CRM, registrations) of different
    true people is kept out of the graph, with a reason."""
    con = built_world.connect()
    shown_shared = con.execute(f"""
        with truth as (
            select source_file, record_id, min(person_id) as person_id
            from read_csv('{built_world.truth_dir / 'rows.csv'}', all_varchar = true)
            where status = 'staged' group by all
        )
        select o.identifier_type, o.identifier_value, s.is_usable, s.quarantine_reason
        from intermediate.int_identity_observations o
        join truth using (source_file, record_id)
        join intermediate.int_identifiers_screened s using (identifier_type, identifier_value)
        where o.source_file in ('raw_crm_contacts', 'raw_event_registrations')
          and o.identifier_type in ('email', 'phone')
        group by all
        having count(distinct truth.person_id) > 1
    """).fetchall()
    assert shown_shared, "the world has shared identifiers on records of different people"
    for identifier_type, value, is_usable, reason in shown_shared:
        assert not is_usable and reason, (identifier_type, value)
