"""The words a results announcement uses for each metric: the one place `ingest` learns them from.

Each entry names a metric of the store and the phrases that introduce its figure in a sentence
("Revenue from Cloud Intelligence Group was RMB39,824 million"), the labels of its table rows, and
for a segment the names its heading and table columns use. Phrases are regular expressions matched
without regard to case, with any run of spaces also matching none (scraped copies lose spaces).
A new name for a segment, or a new metric to read, is a line here, not a change to the reader.

This is the one named place for the wording of Alibaba's releases and the metric ids it fills: the
pages never read it (they ask the store which metric plays each role, `loaders.roles`), and another
company's releases would be a phrase book of their own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricPhrases:
    metric: str
    phrases: tuple[str, ...]  # what introduces the figure in a sentence
    table_labels: tuple[str, ...] = ()  # a table row's label, matched whole
    negative: tuple[str, ...] = ()  # words between the phrase and the figure that make it a loss or outflow
    segment: str | None = None  # the segment whose heading makes a bare "Revenue" or "Adjusted EBITA" this metric
    segment_line: str | None = None  # "revenue" or "adjusted_ebita": which bare line of the segment it is
    growth_metric: str | None = None  # where growth stated without an amount goes
    like_for_like_growth: tuple[str, str] | None = None  # (metric, basis) for growth "on a like-for-like basis"
    first_quarter: str | None = None  # the first quarter this metric holds the figure (a reorganised segment)
    last_quarter: str | None = None  # the last one


# Segment names as releases write them, by segment key; used in headings and table headers.
SEGMENT_NAMES: dict[str, tuple[str, ...]] = {
    "china_ecommerce": (r"Alibaba China E-?commerce Group", r"China E-?commerce Group", r"Taobao and Tmall Group"),
    "international": (r"Alibaba International Digital Commerce Group", r"International Digital Commerce Group", r"AIDC"),
    "cloud": (r"Cloud Intelligence Group", r"AI Cloud and Compute Services", r"Alibaba Cloud"),
    "ai_labs": (r"AI Labs and Applications",),
    "all_others": (r"All others",),
    "alibaba_ecommerce": (r"Alibaba E-?commerce Group",),
}

_LOSS = (r"loss", r"outflow", r"negative")

METRICS: tuple[MetricPhrases, ...] = (
    # group lines; the more specific phrases (non-GAAP, attributable) are tried before plain net income
    MetricPhrases(
        "group_revenue",
        (
            # "Revenue" starting a sentence, not "Cloud revenue" or "revenue from ..."
            r"(?<!Group\x20)(?<!Cloud\x20)\b(?-i:R)evenue(?! from)"
            r"(?= was| of| increased| decreased| grew| declined| rose| fell|was)",
            r"Total revenue",
            r"revenue on a like-for-like basis",
        ),
        table_labels=(r"Revenue", r"Total revenue"),
        like_for_like_growth=("group_revenue_like_for_like_yoy", "reported"),
    ),
    MetricPhrases(
        "group_income_from_operations",
        (r"Income from operations", r"Operating income", r"Loss from operations", r"Operating loss"),
        table_labels=(r"Income from operations", r"Income \(loss\) from operations", r"Loss from operations"),
        negative=(r"Loss from operations", r"Operating loss"),
    ),
    MetricPhrases(
        "group_adjusted_ebita",
        (r"(?<!segment\x20)\bAdjusted EBITA(?! margin)",),
        table_labels=(r"Adjusted EBITA", r"Total adjusted EBITA"),
        negative=_LOSS,
        segment_line="adjusted_ebita",
    ),
    MetricPhrases(
        "group_non_gaap_net_income",
        (r"Non-GAAP net income",),
        table_labels=(r"Non-GAAP net income",),
        negative=_LOSS,
    ),
    MetricPhrases(
        "group_net_income_attributable",
        (r"Net income attributable to (?:Alibaba Group Holding Limited|ordinary shareholders)",),
        table_labels=(r"Net income attributable to (?:Alibaba Group Holding Limited|ordinary shareholders)",),
        negative=_LOSS,
    ),
    MetricPhrases(
        "group_net_income",
        (r"(?<!GAAP\x20)\bNet income(?! attributable)", r"Net loss"),
        table_labels=(r"Net income", r"Net income \(loss\)"),
        negative=(r"Net loss", *_LOSS),
    ),
    MetricPhrases(
        "group_operating_cash_flow",
        (r"Net cash provided by operating activities", r"Operating cash flow", r"Net cash (?:used in|from) operating activities"),
        table_labels=(r"Net cash provided by operating activities",),
        negative=(r"used in", r"outflow"),
    ),
    MetricPhrases(
        "group_free_cash_flow",
        (r"Free cash flow",),
        table_labels=(r"Free cash flow",),
        negative=(r"outflow", r"negative"),
    ),
    MetricPhrases(
        "capex",
        (r"capital expenditures?", r"capex"),
        table_labels=(r"Capital expenditures?",),
    ),
    # segments: the sentence names the segment, or a bare line follows the segment's heading
    MetricPhrases(
        "cloud_revenue",
        (
            r"Revenue from (?:Cloud Intelligence Group|AI Cloud and Compute Services)",
            r"(?:Cloud Intelligence Group|AI Cloud and Compute Services|Cloud)(?:'s)?(?: quarterly)? revenue",
            r"(?:Cloud Intelligence Group|AI Cloud and Compute Services) business, with revenue",
        ),
        segment="cloud",
        segment_line="revenue",
        growth_metric="cloud_revenue_yoy",
    ),
    MetricPhrases(
        "cloud_adjusted_ebita",
        (
            r"Adjusted EBITA (?:of|from) (?:Cloud Intelligence Group|AI Cloud and Compute Services)",
            r"(?:Cloud Intelligence Group|AI Cloud and Compute Services)(?:'s)? adjusted EBITA",
        ),
        negative=_LOSS,
        segment="cloud",
        segment_line="adjusted_ebita",
    ),
    MetricPhrases(
        "ai_related_product_revenue",
        (r"AI-related product revenue(?= was| of| reached)",),
    ),
    MetricPhrases(
        "customer_management_revenue",
        (r"Customer management revenue", r"\bCMR\b"),
        growth_metric="customer_management_revenue_yoy",
        like_for_like_growth=("customer_management_revenue_yoy", "like_for_like"),
    ),
    MetricPhrases(
        "quick_commerce_revenue",
        (r"(?:Quick|Instant) commerce revenue", r"Revenue from (?:quick|instant) commerce"),
        growth_metric="quick_commerce_revenue_yoy",
    ),
    MetricPhrases(
        "china_ecommerce_revenue",
        (r"Revenue from (?:Alibaba )?China E-?commerce Group", r"(?:Alibaba )?China E-?commerce Group(?:'s)? revenue"),
        segment="china_ecommerce",
        segment_line="revenue",
        growth_metric="china_ecommerce_revenue_yoy",
        first_quarter="FY2026Q1",
    ),
    MetricPhrases(
        "china_ecommerce_adjusted_ebita",
        (
            r"Adjusted EBITA (?:of|from) (?:Alibaba )?China E-?commerce Group",
            r"(?:Alibaba )?China E-?commerce Group(?:'s)? adjusted EBITA",
        ),
        negative=_LOSS,
        segment="china_ecommerce",
        segment_line="adjusted_ebita",
        growth_metric="china_ecommerce_adjusted_ebita_yoy",
    ),
    MetricPhrases(
        "alibaba_ecommerce_revenue",
        (r"Revenue from Alibaba E-?commerce Group", r"Alibaba E-?commerce Group(?:'s)? revenue"),
        segment="alibaba_ecommerce",
        segment_line="revenue",
        first_quarter="FY2027Q1",
    ),
    MetricPhrases(
        "aidc_revenue",
        (
            r"Revenue from (?:Alibaba )?International Digital Commerce Group",
            r"(?:Alibaba )?International Digital Commerce Group(?:'s)? revenue",
            r"\bAIDC revenue",
        ),
        segment="international",
        segment_line="revenue",
    ),
    MetricPhrases(
        "aidc_adjusted_ebita",
        (r"Adjusted EBITA (?:of|from) (?:Alibaba )?International Digital Commerce Group", r"\bAIDC(?:'s)? adjusted EBITA"),
        negative=_LOSS,
        segment="international",
        segment_line="adjusted_ebita",
    ),
    MetricPhrases(
        "all_others_revenue",
        (r"Revenue from All others", r"All others(?:'s)? revenue"),
        segment="all_others",
        segment_line="revenue",
        last_quarter="FY2026Q4",
    ),
    MetricPhrases(
        "all_others_revenue_from_fy2027",
        (r"Revenue from All others", r"All others(?:'s)? revenue"),
        segment="all_others",
        segment_line="revenue",
        first_quarter="FY2027Q1",
    ),
    MetricPhrases(
        "all_others_adjusted_ebita",
        (r"Adjusted EBITA (?:of|from) All others", r"All others(?:'s)? adjusted EBITA"),
        negative=_LOSS,
        segment="all_others",
        segment_line="adjusted_ebita",
    ),
    MetricPhrases(
        "ai_labs_applications_revenue",
        (r"Revenue from AI Labs and Applications", r"AI Labs and Applications(?:'s)? revenue"),
        segment="ai_labs",
        segment_line="revenue",
    ),
    MetricPhrases(
        "ai_labs_applications_adjusted_ebita",
        (r"Adjusted EBITA (?:of|from) AI Labs and Applications", r"AI Labs and Applications(?:'s)? adjusted EBITA"),
        negative=_LOSS,
        segment="ai_labs",
        segment_line="adjusted_ebita",
    ),
)

BY_METRIC: dict[str, MetricPhrases] = {m.metric: m for m in METRICS}


@dataclass(frozen=True)
class CountPhrase:
    """A figure written as an ordinal: "triple-digit growth for the eleventh consecutive quarter"."""

    metric: str
    pattern: str  # a regex with a group `n`: the ordinal word or number


COUNTS: tuple[CountPhrase, ...] = (
    CountPhrase(
        "ai_product_triple_digit_streak",
        r"AI-related product revenue\s*(?:achieving|achieved|recorded|posted|delivered|maintained)?\s*triple-digit\s*"
        r"(?:year-over-year\s*)?growth\s*for\s*the\s*(?P<n>\w+)\s*consecutive\s*quarter",
    ),
)


@dataclass(frozen=True)
class TrailingPhrase:
    """A sum over several quarters that has a metric of its own: recorded for its span, never for the quarter."""

    metric: str
    pattern: str  # must match the sentence; the figure is the first RMB amount after it
    quarters: int = 4


TRAILING: tuple[TrailingPhrase, ...] = (
    TrailingPhrase(
        "ai_cloud_infrastructure_spend",
        r"(?:over|in) the (?:past|last) four quarters.{0,80}?capital expenditures?\s*toward\s*AI and cloud infrastructure",
    ),
)

# Words that make a figure something other than the quarter's own: a sum over longer periods, a plan.
# The reader refuses to take such a figure as the quarter's and lists the sentence to check.
LONGER_PERIODS: tuple[str, ...] = (
    r"(?:past|last|trailing) (?:four|4|twelve|12) (?:quarters|months)",
    r"\bsix months\b",
    r"\bnine months\b",
    r"\btwelve months\b",
    r"\bfiscal year\b",
    r"\bfull[- ]year\b",
    r"\bcumulative",
    r"next (?:three|3|five|5) years",
    r"\b(?:three|3|five|5)-year\b",
    # a plan, a commitment or an expectation is not what the quarter reported
    r"\bplan(?:s|ned)?\b",
    r"\bcommit(?:s|ted|ment)?\b",
    r"\bexpect(?:s|ed)?\b",
    r"\btarget(?:s|ed)?\b",
    r"\bwill\b",
)

# Words that say a clause's amount is the prior year's figure, and that the prior year was recast.
COMPARATIVE = r"compared\s*(?:to|with)"
SAME_QUARTER = r"(?:the\s*)?same\s*(?:quarter|period)\s*(?:of|in|last)\s*(?P<year>\d{4}|year)"
RECAST = r"\b(?:recast|restated|reclassified)\b"

# growth: "an increase of 5% year-over-year", "increased 32% year-over-year to", "up 34%", "grew 26%"
GROWTH_AFTER = r"(?P<dir>increase|decrease|decline|growth|rise|drop|up|down)\s*(?:of|by)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%"
GROWTH_BEFORE = (
    r"(?P<dir>increased|decreased|declined|grew|rose|fell|dropped|was up|was down|up|down)\s*(?:by\s*)?(?P<pct>\d+(?:\.\d+)?)\s*%"
)
GROWTH_DOWN_WORDS = ("decrease", "decline", "drop", "down", "decreased", "declined", "fell", "dropped", "was down")
NOT_YEAR_ON_YEAR = r"quarter-over-quarter|sequential|quarter-on-quarter"
LIKE_FOR_LIKE = r"like-for-like"

# the quarter the release is about
QUARTER_ENDED = r"quarter\s*ended\s*(?P<month>[A-Z][a-z]+)\s*(?P<day>\d{1,2}),\s*(?P<year>\d{4})"
NAMED_QUARTER = r"(?P<month>March|June|September|December)\s*Quarter\s*(?P<year>\d{4})"
TITLE = r"Alibaba Group Announces .{0,80}?Results"
# a wire copy's own date line: "November 25, 2025 05:30 AM Eastern Standard Time"
WIRE_DATE = r"(?P<month>[A-Z][a-z]+)\s(?P<day>\d{1,2}),\s(?P<year>\d{4})\s\d{1,2}:\d{2}\s?(?:AM|PM)"
DATELINE = r"(?:Hangzhou|HANGZHOU|Hong Kong|HONG KONG)[^.]{0,40}?(?P<month>[A-Z][a-z]+)\s*(?P<day>\d{1,2}),\s*(?P<year>\d{4})"
