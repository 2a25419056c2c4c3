"""Canonical URLs, syndicated copies, mention spikes, respond-first signals and reach (pure)."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest

from warroom.domain.mention_trends import ALL_MENTIONS, mention_spikes
from warroom.domain.mentions import Mention, merge_new
from warroom.domain.signals import (
    Outlets,
    PatternSet,
    SignalError,
    SignalRules,
    compile_patterns,
    packaged_signals,
    speaks_of_phishing,
)
from warroom.domain.syndication import group_syndicated, normalised_title
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.domain.trends import SpikeRule, unrecorded_spikes
from warroom.domain.urls import RedirectWrapper, canonical_url

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ARTICLE = "https://news.example.com/2026/11/northwind-breach"


def mention(
    n: int, url: str = "", title: str = "Northwind confirms breach of customer data", **kw: object
) -> Mention:
    base: dict[str, object] = {"published": NOW, "fetched_at": NOW}
    base.update(kw)
    return Mention(f"m{n}", "f", title, url, **base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "variant",
    [
        ARTICLE,
        "http://news.example.com/2026/11/northwind-breach",
        "https://www.news.example.com/2026/11/northwind-breach/",
        "https://NEWS.example.com:443/2026/11/northwind-breach#comments",
        ARTICLE + "?utm_source=twitter&utm_medium=social&fbclid=abc&gclid=x",
        "https://www.google.com/url?rct=j&sa=t&url=" + ARTICLE + "%3Futm_campaign%3Dx&ct=ga",
        "https://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&url=" + ARTICLE + "&c=1",
        "https://l.facebook.com/l.php?u=" + ARTICLE,
    ],
)
def test_every_variant_of_one_article_has_one_canonical_url(variant: str) -> None:
    assert canonical_url(variant) == "https://news.example.com/2026/11/northwind-breach"


def test_canonical_urls_keep_what_identifies_the_article() -> None:
    assert canonical_url("https://a.example/story?id=2&page=1") == (
        "https://a.example/story?id=2&page=1"
    )
    assert canonical_url("https://a.example/story?page=1&id=2") == canonical_url(
        "https://a.example/story?id=2&page=1"
    )
    assert canonical_url("https://a.example:8443/x") == "https://a.example:8443/x"
    assert canonical_url("https://a.example/x?id=1") != canonical_url("https://a.example/x?id=2")
    assert canonical_url("javascript:alert(1)") == "" and canonical_url("not a url") == ""


def test_an_incident_wrapper_is_unwrapped_too() -> None:
    wrapped = "https://links.example.net/r?to=" + ARTICLE
    assert canonical_url(wrapped) == "https://links.example.net/r?to=" + ARTICLE.replace(
        ":", "%3A"
    ).replace("/", "%2F")
    extra = (RedirectWrapper("links.example.net", "/r", ("to",)),)
    assert canonical_url(wrapped, extra) == "https://news.example.com/2026/11/northwind-breach"


def test_duplicates_behind_tracking_and_wrappers_are_stored_once() -> None:
    seen: set[str] = set()
    variants = [
        ARTICLE,
        ARTICLE + "/?utm_source=x",
        "http://www." + ARTICLE.removeprefix("https://"),
        "https://www.bing.com/news/apiclick.aspx?url=" + ARTICLE,
    ]
    candidates = [
        mention(i, url, canonical_url=canonical_url(url)) for i, url in enumerate(variants)
    ]
    assert [m.id for m in merge_new(seen, candidates)] == ["m0"]
    # a mention stored before canonical URLs were kept is matched all the same
    assert merge_new(seen, [mention(9, ARTICLE + "#top")]) == []


def test_syndicated_copies_are_grouped_keeping_every_source() -> None:
    title = "Northwind confirms breach of customer data"
    mentions = [
        mention(1, "https://a.example/1", title, domain="a.example"),
        mention(2, "https://b.example/2", title + " - Reuters", domain="b.example",
                published=NOW - timedelta(hours=2)),
        mention(3, "https://c.example/3", "NORTHWIND CONFIRMS BREACH OF CUSTOMER DATA!",
                domain="c.example", published=NOW - timedelta(hours=1)),
        mention(4, "https://d.example/4", title, domain="d.example",
                published=NOW - timedelta(days=3)),  # old: news again, not a copy
        mention(5, "https://e.example/5", "Breach", domain="e.example"),
        mention(6, "https://f.example/6", "Breach", domain="f.example"),  # too short to group
    ]  # fmt: skip
    groups = group_syndicated(mentions)
    assert [len(g.mentions) for g in groups] == [3, 1, 1, 1]
    story = groups[0]
    assert story.lead.id == "m2" and story.label == "+2 copies"
    assert set(story.sources) == {"a.example", "b.example", "c.example"}
    assert groups[1].label == "" and groups[1].lead.id == "m4"
    assert normalised_title("Breach at Northwind hits millions | The Star") == (
        "breach at northwind hits millions"
    )


def _reference_title(title: str) -> str:
    """``normalised_title`` as first written: NFKC, casefold, suffix, punctuation, spaces."""
    text = unicodedata.normalize("NFKC", title).casefold()
    stripped = re.sub(r"\s+[-–—|:]\s+[^-–—|:]{1,60}$", "", text)
    if len(stripped.split()) >= 4:
        text = stripped
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]+", " ", text)).strip()


def test_normalised_titles_equal_the_reference_reading() -> None:
    """The fast path (ASCII without NFKC, no suffix regex without a dash, bar or colon, no
    punctuation regex on letters, digits and spaces) changes no title: random titles of every
    ASCII character, accents, ligatures, other digits, odd spaces and outlet suffixes."""
    pieces = [
        *map(chr, range(128)),
        *"abc XYZ 123 –—",
        "\u0661",
        "\u00a0",
        "\u2003",
        *"ÉéßﬁＡ１İ",
        " - Reuters",
        " | The Star",
    ]
    rng = random.Random(16)
    for _ in range(20_000):
        title = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        assert normalised_title(title) == _reference_title(title), repr(title)


def hourly(counts: list[int], keyword: str = "Northwind") -> list[Mention]:
    """``counts[i]`` mentions in the hour ending ``len(counts) - 1 - i`` hours before NOW."""
    found = []
    for i, count in enumerate(counts):
        at = NOW - timedelta(hours=len(counts) - 1 - i, minutes=30)
        found += [mention(i * 1000 + j, keywords=(keyword,), published=at) for j in range(count)]
    return found


def test_a_mention_storm_is_a_spike_per_keyword_and_overall() -> None:
    storm = hourly([3, 4, 2, 3, 4, 3, 40]) + hourly([1, 0, 1, 1, 0, 1, 2], keyword="other")
    spikes = mention_spikes(storm, ["northwind", "breach"], NOW - timedelta(days=1), NOW)
    assert [s.keyword for s in spikes] == [ALL_MENTIONS, "northwind"]
    overall, northwind = spikes
    assert northwind.count == 40 and northwind.baseline == pytest.approx(19 / 6)
    assert northwind.text.startswith("Mention spike on “northwind”: 40 in the hour to")
    assert "update the FAQ or the holding statement" in northwind.text
    assert overall.count == 42


def test_steady_volume_and_pre_incident_hours_are_not_spikes() -> None:
    steady = hourly([30, 32, 28, 31, 29, 30, 33])
    assert mention_spikes(steady, ["Northwind"], NOW - timedelta(days=1), NOW) == ()
    # detected 90 minutes ago: the busy night before is no baseline, 12 over a quiet hour is
    night = hourly([50, 50, 50, 50, 50, 0, 12])
    spikes = mention_spikes(night, ["Northwind"], NOW - timedelta(minutes=90), NOW)
    assert [s.count for s in spikes] == [12, 12]
    assert mention_spikes(night, ["Northwind"], NOW - timedelta(days=1), NOW) == ()
    assert mention_spikes(night, ["Northwind"], NOW, NOW, SpikeRule(min_count=20)) == ()


def test_a_mention_spike_is_written_to_the_timeline_once() -> None:
    spikes = mention_spikes(hourly([1, 1, 1, 1, 1, 1, 30]), [], NOW - timedelta(days=1), NOW)
    assert len(spikes) == 1
    at = NOW - timedelta(minutes=5)
    written = TimelineEntry("t1", at, at, "warroom", EventKind.SYSTEM, spikes[0].text)
    assert unrecorded_spikes(spikes, [], NOW) == list(spikes)
    assert unrecorded_spikes(spikes, [written], NOW) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("the Northwind hotline number is fake", True),
        ("Smishing wave follows Northwind breach", True),
        ("vishing calls pretending to be Northwind", True),
        ("Northwind fraud warning", True),
        ("impersonation of Northwind staff", True),
        ("beware of fake sites asking for your card", True),
        ("Arnaque : un faux conseiller Northwind appelle les clients", True),
        ("Hameçonnage après la fuite de données", True),
        ("Vorsicht vor Betrugsmasche nach Datenleck", True),
        ("Ist diese E-Mail echt?", True),
        ("¿Es una estafa este correo de Northwind?", True),
        ("Alerta de suplantación tras la brecha", True),
        ("Northwind files its quarterly report", False),
        ("Northwind CEO apologises for the breach", False),
    ],
)
def test_respond_first_speaks_four_languages(text: str, flag: bool) -> None:
    assert speaks_of_phishing(text) is flag


def test_an_incident_extends_the_signals_and_bad_regexes_are_refused() -> None:
    base = packaged_signals()
    assert not base.speaks_of_phishing("go to northwind-refund.com now")
    extended = base.extended(PatternSet(regexes=(r"northwind-?refund\.com",)))
    assert extended.speaks_of_phishing("go to northwind-refund.com now")
    assert extended.speaks_of_phishing("Is this email real?")  # the shipped ones stay
    for bad in (r"(a+)+$", r"(a|aa)*b", r"(x)\1", "(", ".*"):
        with pytest.raises(SignalError):
            base.extended(PatternSet(regexes=(bad,)))
    with pytest.raises(SignalError, match="longer than"):
        base.extended(PatternSet(words=("a" * 400,)))


def test_reach_comes_from_the_outlet_list() -> None:
    outlets = Outlets(tier1=("reuters.com",), regulators=("ico.org.uk",), own=("example.com",))
    assert outlets.reach_of("www.reuters.com") == "tier1"
    assert outlets.reach_of("uk.reuters.com") == "tier1"
    assert outlets.reach_of("ico.org.uk") == "regulator"
    assert outlets.reach_of("status.example.com") == "own"
    assert outlets.reach_of("notreuters.com") == "" and outlets.reach_of("") == ""


def _vocabulary(rules: SignalRules) -> list[str]:
    return [
        *(w.rstrip("*") for p in rules.patterns for w in (*p.words, *p.phrases)),
        *(
            [
                "fake",
                "is",
                "this",
                "e-mail",
                "real",
                "hotline",
                "number",
                "looks",
                "like",
                "a",
                "scam",
                "¿es",
                "una",
                "estafa",
            ]
        ),
        *(
            [
                "Ist",
                "diese",
                "echt",
                "northwind-refund.com",
                "xz",
                "yz",
                "x_",
                "İ",
                "—",
                ".",
                "(",
                "_",
            ]
        ),
        # first words filed exactly: near misses, and what ends a word
        *["notified", "emails", "websites", "web", "e", "c", "c'est", "'", "phones", "look"],
        *["alike", "web-site", "é", "e-mails", "mail-", "'e", "sms's"],
    ]


def _random_text(rng: random.Random, vocabulary: list[str]) -> str:
    words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 7))]
    text = rng.choice([" ", "", "-", "("]).join(words)
    return rng.choice([text, text.upper(), text.title()])


_RULES = packaged_signals().extended(PatternSet(regexes=(r"\w+-refund\.com", r"(?:x|y)z")))


def test_the_fast_matcher_answers_as_the_plain_union_pattern() -> None:
    rules = _RULES
    plain = compile_patterns(rules.patterns)
    assert plain is not None and rules.matcher is not None
    vocabulary = _vocabulary(rules)
    rng = random.Random(12)
    for _ in range(20_000):
        text = _random_text(rng, vocabulary)
        assert rules.matcher.search(text) is (plain.search(text) is not None), text
    sentences = ["this e-mail is fake", "the e-mail looks like a scam", "email is a scam"]
    sentences += ["c'est une arnaque", "not the real site", "the phone number is fake"]
    sentences += ["website is suspicious", "web-site is fake", "e-mails is fake"]
    sentences += ["x-e-mail is fake"]
    for sentence in sentences:
        for text in (sentence, sentence.upper(), f"({sentence}).", f"a{sentence}", f"{sentence}s"):
            assert rules.matcher.search(text) is (plain.search(text) is not None), text


def test_a_feeds_texts_read_together_answer_as_each_alone() -> None:
    """``speak_of_phishing`` reads a feed's entries in one pass: same answers as one by one
    (a word of one text must not count for another; ``İ`` sends a text down the plain path)."""
    plain = compile_patterns(_RULES.patterns)
    assert plain is not None
    vocabulary = [*_vocabulary(_RULES), "İs this real", "\n", "is\nthis\nreal"]
    rng = random.Random(16)
    for _ in range(2_000):
        texts = [_random_text(rng, vocabulary) for _ in range(rng.randint(0, 8))]
        expected = [plain.search(text) is not None for text in texts]
        assert _RULES.speak_of_phishing(texts) == expected, texts
    assert SignalRules().speak_of_phishing(["a scam"]) == [False]
