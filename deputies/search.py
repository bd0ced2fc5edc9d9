"""Searching deputies by part of their name, fast for one or two Chinese
characters too.

A name such as 王芳 or 阿依古丽·买买提 is searched by a surname (王), a given
name (芳) or both (李明): one or two characters, which a trigram index
(pg_trgm, three characters or more) cannot serve, so every search used to
read the whole registry. The database function `deputies_name_grams(name)`
(migration 0013) gives the name's single characters and pairs of adjacent
characters, lower-cased, and a GIN index on it answers `grams @> {query}`
for a query of one or two characters exactly like a substring match; longer
queries use the trigram index as before.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db.models import Func, Q, TextField, Value

GRAM_FUNCTION = "deputies_name_grams"
GRAM_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {GRAM_FUNCTION}(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT gram), '{{}}') FROM (
        SELECT substr(lower(name), i, 1) AS gram
        FROM generate_series(1, char_length(name)) AS i
        UNION ALL
        SELECT substr(lower(name), i, 2)
        FROM generate_series(1, char_length(name) - 1) AS i
    ) AS grams
$$;
"""  # noqa: S608 (a constant)
GRAM_FUNCTION_DROP_SQL = f"DROP FUNCTION IF EXISTS {GRAM_FUNCTION}(text);"
MAX_GRAM = 2


class NameGrams(Func):
    function = GRAM_FUNCTION
    output_field = ArrayField(TextField())


def name_contains(query: str, deputy: str = "pk") -> Q:
    """Deputies (or rows whose `deputy` field points at one, e.g. records)
    whose name contains `query`, ignoring case. Short queries go through a
    subquery on the gram index: read once, never a function call per row."""
    from deputies.models import Deputy

    query = query.strip()
    if 0 < len(query) <= MAX_GRAM:
        grams = Value([query.lower()], output_field=ArrayField(TextField()))
        matching = Deputy.objects.filter(DataContains(NameGrams("name"), grams))
        return Q(**{f"{deputy}__in": matching.values("pk")})
    name = "name" if deputy == "pk" else f"{deputy}__name"
    return Q(**{f"{name}__icontains": query})
