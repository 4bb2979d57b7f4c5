"""A sentiment score for every text (int_texts): VADER's compound score (the vaderSentiment package,
Hutto & Gilbert 2014; its lexicon ships inside the package, nothing is downloaded), from -1 (most
negative) to +1, labelled negative below -0.05, positive above +0.05 and neutral between, the
authors' thresholds. A help-desk ticket has no words of its own: its score is its satisfaction
rating (good +1, bad -1, unrated: none). Each distinct text is scored once.
"""

import pyarrow as pa
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

THRESHOLD = 0.05


def label(score):
    if score is None:
        return None
    if score >= THRESHOLD:
        return "positive"
    if score <= -THRESHOLD:
        return "negative"
    return "neutral"


def model(dbt, session):
    texts = dbt.ref("int_texts").project("text_id, text_kind, text_body, rating").fetchnumpy()
    analyzer = SentimentIntensityAnalyzer()
    cache = {}
    scores = []
    for kind, body, rating in zip(texts["text_kind"].tolist(), texts["text_body"].tolist(),
                                  texts["rating"].tolist(), strict=True):
        if kind == "ticket_category":
            scores.append({"good": 1.0, "bad": -1.0}.get(rating))
            continue
        if body not in cache:
            cache[body] = analyzer.polarity_scores(body)["compound"]
        scores.append(cache[body])
    session.register("int_text_sentiment__scores", pa.table({
        "text_id": pa.array(texts["text_id"].tolist(), pa.string()),
        "sentiment_score": pa.array(scores, pa.float64()),
        "sentiment_label": pa.array([label(s) for s in scores], pa.string()),
    }))
    return session.view("int_text_sentiment__scores")
