{% macro first_names_compatible(first_a, first_b, name_variants_relation) -%}
    {#- Two normalized first names (lower case, letters only) can belong to one person: equal, one
        is the other's initial, one is a 3+-letter prefix of the other ("dan" / "daniel"), or both
        are forms of one name in the name-variants seed ("bob" / "robert", "kate" / "katie"). -#}
    (
        {{ first_a }} = {{ first_b }}
        or (length({{ first_a }}) = 1 and starts_with({{ first_b }}, {{ first_a }}))
        or (length({{ first_b }}) = 1 and starts_with({{ first_a }}, {{ first_b }}))
        or (length({{ first_a }}) >= 3 and starts_with({{ first_b }}, {{ first_a }}))
        or (length({{ first_b }}) >= 3 and starts_with({{ first_a }}, {{ first_b }}))
        or exists (
            select 1
            from {{ name_variants_relation }} as variant_a
            inner join {{ name_variants_relation }} as variant_b on variant_a.name = variant_b.name
            where
                (variant_a.variant = {{ first_a }} or variant_a.name = {{ first_a }})
                and (variant_b.variant = {{ first_b }} or variant_b.name = {{ first_b }})
        )
    )
{%- endmacro %}
