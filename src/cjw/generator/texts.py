"""What customers write: survey comments and social messages composed from clauses, with truth.

A text has a polarity (positive, neutral, negative) and zero to two themes. Each theme has clauses
of each polarity, written with varied words and slots (a fee, a person, a number of days), so that
no two customers write quite the same thing; openers, closers, emoticons, lower case and the odd
typo vary them further. Two themes are ones the warehouse's taxonomy does not know (the mobile
app, parking): its frequent-phrase finder must surface them. The words of a clause are the
generator's, not the taxonomy's, so the warehouse's theme and sentiment accuracy is measured, not
built in.

A text is drawn from its own random stream (seeded with the world's seed and the record id), so
adding or changing text leaves every other draw of the world as it was.
"""

from __future__ import annotations

import random

POLARITIES = ("positive", "neutral", "negative")

FEES = ["membership fee", "ticket price", "conference fee", "registration fee", "renewal price", "workshop fee",
        "annual dues", "subscription"]
PEOPLE = ["staff member", "agent", "volunteer", "host", "coordinator", "person on the phone", "support rep",
          "team"]

CLAUSES: dict[tuple[str, str], list[str]] = {
    ("price", "negative"): [
        "the {fee} is far too expensive", "the {fee} went up again and it is not worth it anymore",
        "way overpriced for what you get", "I can't afford the {fee} this year",
        "the {fee} is ridiculous for a non-profit", "paying this much for the {fee} feels like a rip-off",
        "too pricey for students", "the {fee} doubled and nobody explained why"],
    ("price", "positive"): [
        "great value for the {fee}", "the {fee} is very reasonable", "worth every penny",
        "fair pricing, happy to pay the {fee}", "the {fee} is cheap for what we get", "good value as always"],
    ("price", "neutral"): [
        "is there a student rate for the {fee}", "what does the {fee} include",
        "does the price include lunch", "can the {fee} be paid in two parts", "is the {fee} tax deductible"],
    ("staff", "negative"): [
        "the {person} was rude", "nobody at the front desk could help me", "the {person} ignored my question",
        "unhelpful {person}, very disappointing", "the {person} was dismissive and unfriendly",
        "the {person} hung up on me"],
    ("staff", "positive"): [
        "the {person} was so friendly and helpful", "many thanks to the {person} for the kind help",
        "lovely {person}, very patient", "the {person} went above and beyond", "the {person} was wonderful"],
    ("staff", "neutral"): [
        "who is the right {person} to ask about this", "I spoke with a {person} today",
        "can a {person} call me back", "which {person} handles group bookings"],
    ("speed", "negative"): [
        "still waiting for a reply after {days} days", "it took forever to get an answer",
        "so slow, {days} days and nothing", "the queue was painfully slow", "nobody has answered in {days} days",
        "my refund is {days} days late"],
    ("speed", "positive"): [
        "fixed within the hour, impressive", "super quick reply", "fast and efficient service",
        "sorted out in minutes", "an answer the same day, great"],
    ("speed", "neutral"): [
        "how long does a refund usually take", "what is the expected response time",
        "when will I hear back about my request", "how soon will the certificate arrive"],
    ("website", "negative"): [
        "the checkout on the website keeps failing", "I could not log in to the member portal",
        "the site is confusing and broken", "the password reset link never works",
        "the online form lost everything I typed", "the website is a mess"],
    ("website", "positive"): [
        "the new website is easy to use", "love the redesigned member portal", "online checkout was smooth",
        "the site is so much clearer now", "booking online was simple"],
    ("website", "neutral"): [
        "where on the website do I find my invoice", "is the portal down for maintenance",
        "can I update my address online", "which page lists the upcoming dates"],
    ("venue", "negative"): [
        "the room was freezing and cramped", "terrible venue with no seats left",
        "the hall was too noisy to hear anything", "awful coffee and no food at the venue",
        "the location was hard to reach and the room too small"],
    ("venue", "positive"): [
        "beautiful venue in a great location", "the hall was comfortable and well organised",
        "lovely room with plenty of space", "excellent catering at the venue"],
    ("venue", "neutral"): [
        "which room is the workshop in", "is there a cloakroom at the venue", "what time does the hall open",
        "is the venue step-free"],
    ("content", "negative"): [
        "the session was boring and outdated", "the speakers just read their slides",
        "the journal articles are shallow lately", "disappointing talks with nothing new",
        "the keynote was a sales pitch", "the newsletter is dull"],
    ("content", "positive"): [
        "brilliant keynote, I learned a lot", "the speakers were excellent", "really insightful articles",
        "loved the practical sessions", "the talks were inspiring", "great newsletter this month"],
    ("content", "neutral"): [
        "will the slides be shared", "is the recording available", "when is the next issue of the journal out",
        "who are the speakers next year"],
    # not in the warehouse's taxonomy (seeds/reference/text_themes.csv): the phrases it must surface
    ("mobile app", "negative"): [
        "the mobile app keeps logging me out", "the mobile app freezes every time", "the mobile app is useless",
        "the mobile app drains my battery"],
    ("mobile app", "positive"): [
        "the mobile app is handy", "really like the mobile app", "the mobile app makes things easy"],
    ("mobile app", "neutral"): [
        "is there a mobile app for android", "does the mobile app show my badge"],
    ("parking", "negative"): [
        "parking was a nightmare", "could not find parking anywhere", "the parking garage was full again",
        "no parking for disabled visitors"],
    ("parking", "positive"): [
        "free parking was a nice touch", "parking was easy this time"],
    ("parking", "neutral"): [
        "is there parking nearby", "where is the parking entrance"],
}

GENERIC = {
    "positive": ["Thanks!", "All good, thank you", "Keep it up", "Happy overall", "Great job everyone"],
    "neutral": ["No comment", "nothing to add", "ok", "n/a", "See my previous answer"],
    "negative": ["Not happy", "Very disappointed", "Could be much better", "Bad experience overall"],
}
OPENERS = ["", "", "", "Honestly, ", "Hi, ", "Just a note: ", "FYI ", "Well, ", "One thing: "]
CLOSERS = {"positive": ["", ".", "!", "!!", ". Thanks.", " :)", ". Thank you!"],
           "neutral": ["", ".", "?", "??", ". Regards"],
           "negative": ["", ".", "!", "!!", " :(", ". Not good enough."]}
JOINERS = [". ", ", and ", "; ", ". Also ", " and "]


def theme_pool(context: str) -> list[str]:
    """The themes a text of this context may touch (a support survey speaks of staff and speed,
    a post-event survey of the venue and the content, ...)."""
    return {
        "support": ["staff", "speed", "website", "price"],
        "event": ["venue", "content", "staff", "price", "parking", "mobile app"],
        "nps": ["price", "content", "website", "staff", "speed", "mobile app"],
        "social": ["price", "staff", "speed", "website", "venue", "content", "mobile app", "parking"],
    }[context]


def _clause(rng: random.Random, theme: str, polarity: str) -> str:
    text = rng.choice(CLAUSES[(theme, polarity)])
    return text.format(fee=rng.choice(FEES), person=rng.choice(PEOPLE), days=rng.randint(3, 21))


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 4:
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def compose(seed: int, record_id: str, polarity: str, context: str) -> tuple[str, list[str]]:
    """A text of this polarity for this context, and its true themes (empty: a generic text)."""
    rng = random.Random(f"{seed}/{record_id}")
    r = rng.random()
    n_themes = 0 if r < 0.08 else (1 if r < 0.75 else 2)
    if n_themes == 0:
        text = rng.choice(GENERIC[polarity])
        return text, []
    themes = rng.sample(theme_pool(context), n_themes)
    clauses = [_clause(rng, theme, polarity) for theme in themes]
    text = clauses[0]
    for clause in clauses[1:]:
        text += rng.choice(JOINERS) + clause
    text = rng.choice(OPENERS) + text
    text = text[0].upper() + text[1:]
    text += rng.choice(CLOSERS[polarity])
    style = rng.random()
    if style < 0.12:
        text = text.lower()
    elif style < 0.18:
        text = _typo(rng, text)
    return text, sorted(themes)


def survey_polarity(survey_type: str, score: int) -> str:
    """What an answer's score says of its comment: NPS 9-10 / 7-8 / 0-6; 1-5 ratings 4-5 / 3 / 1-2."""
    if survey_type == "nps":
        return "positive" if score >= 9 else ("neutral" if score >= 7 else "negative")
    return "positive" if score >= 4 else ("neutral" if score == 3 else "negative")
