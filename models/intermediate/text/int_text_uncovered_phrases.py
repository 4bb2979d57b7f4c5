"""Frequent phrases of the texts no theme covers, so that the taxonomy (seeds/reference/text_themes.csv)
can grow: the word pairs and triples of survey comments and social messages without a theme
(int_texts, int_text_themes), lower-cased, without mentions, numbers and the short words that carry
no topic, counted in distinct texts and distinct people. Only phrases at least
var('text_phrase_min_people') people wrote are kept (fewer could single a person out); a
triple's pair is dropped where the triple is as frequent (it says the same, better).
"""

import re
from collections import defaultdict

import pyarrow as pa

# words that carry no topic on their own: a phrase may not start or end with one
FILLERS = frozenset("""a an the and or but if so to of in on at for with from by about as is are was were be been
am it its this that these those there here i me my we our you your he she they them their his her what which who
when where how why can could would will should do does did not no nor just very really too also again still any
all some much many more most than then now ever hi fyi well honestly note thing one thanks thank please ok
regards""".split())
WORD = re.compile(r"[a-z][a-z'-]*")


def model(dbt, session):
    min_people = int(dbt.config.get("min_people"))
    themed = {row[0] for row in dbt.ref("int_text_themes").project("text_id").distinct().fetchall()}
    texts = dbt.ref("int_texts").filter("text_kind <> 'ticket_category'") \
        .project("text_id, coalesce(customer_id, text_id) as who, text_body").fetchall()
    phrase_texts, phrase_people = defaultdict(set), defaultdict(set)
    for text_id, who, body in texts:
        if text_id in themed:
            continue
        words = WORD.findall(re.sub(r"@\w+", " ", body.lower()))
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                gram = words[i:i + n]
                if gram[0] in FILLERS or gram[-1] in FILLERS:
                    continue
                phrase = " ".join(gram)
                phrase_texts[phrase].add(text_id)
                phrase_people[phrase].add(who)
    kept = {p for p, people in phrase_people.items() if len(people) >= min_people}
    # a pair inside an equally frequent triple says less than the triple
    kept = {p for p in kept if not any(
        len(p.split()) == 2 and q != p and f" {p} " in f" {q} " and len(phrase_texts[q]) == len(phrase_texts[p])
        for q in kept)}
    phrases = sorted(kept)
    session.register("int_text_uncovered_phrases__phrases", pa.table({
        "phrase": pa.array(phrases, pa.string()),
        "words": pa.array([len(p.split()) for p in phrases], pa.int32()),
        "texts": pa.array([len(phrase_texts[p]) for p in phrases], pa.int64()),
        "people": pa.array([len(phrase_people[p]) for p in phrases], pa.int64()),
    }))
    return session.view("int_text_uncovered_phrases__phrases")
