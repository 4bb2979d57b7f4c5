"""VADER's compound sentiment score of every distinct text body customers wrote (int_texts'
comments and messages; a ticket's category is not scored: int_text_sentiment takes its rating),
from -1 (most negative) to +1: the vaderSentiment package (Hutto & Gilbert 2014), whose lexicon
ships inside the package, so nothing is downloaded. One row per distinct body, so VADER runs once
per body.

A day's build (a `cjw build` over the kept build, CJW_INCREMENTAL=1) scores only the bodies its
previous table does not hold: a body's score depends on the body alone, and the kept build is only
reused by the same code (cjw.state.code_print covers this file and the pinned vaderSentiment). The
bodies no text has any more are left out, as a full build would, so the table is the full build's
whatever the build (1M people: 1.16M texts, about 230k distinct bodies, 10.3 s of scoring in every
day's build before; a day scores the day's new bodies).
"""

import pyarrow as pa
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from cjw.relations import kept_table


def model(dbt, session):
    bodies = (dbt.ref("int_texts")
              .filter("text_kind != 'ticket_category'")
              .project("text_body")
              .distinct())
    previous = kept_table(dbt, session, "text_body as kept_body, sentiment_score")
    kept = None
    if previous is None:
        unscored = bodies
    else:
        kept = bodies.join(previous, "text_body = kept_body").project(
            "kept_body as text_body, sentiment_score").to_arrow_table()
        unscored = bodies.join(previous, "text_body = kept_body", how="anti")
    analyzer = SentimentIntensityAnalyzer()
    texts = unscored.fetchnumpy()["text_body"].tolist()
    scored = pa.table({
        "text_body": pa.array(texts, pa.string()),
        "sentiment_score": pa.array([analyzer.polarity_scores(body)["compound"] for body in texts], pa.float64()),
    })
    if kept is not None:
        scored = pa.concat_tables([kept.cast(scored.schema), scored])
    # a view on this connection: dbt-duckdb materializes a returned relation on the same one
    session.register("int_text_body_sentiment__scores", scored)
    return session.view("int_text_body_sentiment__scores")
