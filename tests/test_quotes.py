"""Does a verbatim quote contain the figure recorded from it, however the source writes it?"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.quotes import quote_contains, quote_contains_percent, quoted_numbers

CLOUD_Q2 = "Cloud Intelligence Group revenue was RMB39,824 million (US$5,594 million), an increase of 34% year-over-year"


@pytest.mark.parametrize(
    ("quote", "value", "unit"),
    [
        # results announcements: millions with thousands separators, read in billions
        (CLOUD_Q2, 39.824, "RMB_bn"),
        (CLOUD_Q2, 39.8, "RMB_bn"),  # the value may round the quote
        (CLOUD_Q2, 40, "RMB_bn"),
        (CLOUD_Q2, 5.594, "USD_bn"),
        (CLOUD_Q2, 34, "pct"),
        ("Revenue was RMB247,795 million (US$34,807 million), an increase of 5% year-over-year", 247.8, "RMB_bn"),
        ("Revenue was RMB247,795 million (US$34,807 million), an increase of 5% year-over-year", 247.795, "RMB_bn"),
        # Chinese: 亿 is 10^8, so 398.24亿 is 39.824 billion; traditional 億 likewise
        ("阿里云智能集团收入为398.24亿元，同比增长34%", 39.824, "RMB_bn"),
        ("阿里云智能集团收入为398.24亿元，同比增长34%", 34, "pct"),
        ("雲智能集團收入317.8億元", 31.78, "RMB_bn"),
        ("未来三年将投入超过3800亿元", 380, "RMB_bn"),
        ("1.2亿", 0.12, "RMB_bn"),
        ("1.2亿次下载", 120, "count_mn"),
        # counts
        ("the Qwen app passed 10 million downloads within a week", 10, "count_mn"),
        ("more than 290,000 enterprises and developers have adopted Qwen", 290000, "count"),
        ("more than 290,000 enterprises and developers have adopted Qwen", 0.29, "count_mn"),
        ("over 100,000 derivative models", 100000, "count"),
        # words
        ("cloud accounted for about one third of revenue", 33.3, "pct"),
        ("cloud accounted for about one-third of revenue", 33.33, "pct"),
        ("roughly two thirds of the spending", 66.7, "pct"),
        ("AI-related product revenue achieved triple-digit growth for the ninth consecutive quarter", 9, "count"),
        ("more than half of new demand", 50, "pct"),
        # other scales and currencies
        ("Alibaba will invest more than RMB380 billion over the next three years", 380, "RMB_bn"),
        ("US$53 billion in AI infrastructure", 53, "USD_bn"),
        ("a 380bn yuan plan", 380, "RMB_bn"),
        ("capital expenditure of RMB 31.4 bn", 31.4, "RMB_bn"),
        ("at the rate of RMB7.1190 to US$1.00", 7.119, "RMB_per_USD"),
        ("at the rate of RMB7.1190 to US$1.00", 7.12, "RMB_per_USD"),
        ("adjusted EBITA margin declined 3.5 percentage points", 3.5, "pp"),
        # negative values: the quote states the size, the sign is in the words
        ("free cash flow was an outflow of RMB21,840 million", -21.84, "RMB_bn"),
        ("adjusted EBITA margin declined 3.5 percentage points", -3.5, "pp"),
        ("operating income decreased 85% year-over-year", -85, "pct"),
        ("a net loss of -RMB1.2 billion", -1.2, "RMB_bn"),
    ],
)
def test_quote_contains_the_value(quote: str, value: float, unit: str) -> None:
    assert quote_contains(quote, value, unit)


@pytest.mark.parametrize(
    ("quote", "value", "unit"),
    [
        # a value may not carry more precision than the quote
        ("revenue of 247.8 billion yuan", 247.795, "RMB_bn"),
        ("cloud accounted for about one third of revenue", 33.334, "pct"),
        ("US$53 billion in AI infrastructure", 53.2, "USD_bn"),
        # the wrong scale
        ("雲智能集團收入317.8億元", 317.8, "RMB_bn"),
        (CLOUD_Q2, 39824, "RMB_bn"),
        ("the Qwen app passed 10 million downloads", 10_000, "count_mn"),
        # a typo, a different figure, or none at all
        (CLOUD_Q2, 38.924, "RMB_bn"),
        (CLOUD_Q2, 43, "pct"),
        ("Cloud revenue grew strongly on AI demand", 39.824, "RMB_bn"),
        ("", 1, "count"),
        # a percentage is not read as its tenfold or a fraction of it
        ("margin of 6.5%", 65, "pct"),
        # digits inside identifiers are not figures
        ("FY2026 results", 2026, "count"),
        ("Qwen3 and Qwen2.5", 3, "count"),
    ],
)
def test_quote_lacks_the_value(quote: str, value: float, unit: str) -> None:
    assert not quote_contains(quote, value, unit)


def test_large_values_keep_their_last_decimal() -> None:
    assert quote_contains("RMB999,999,999 million", 999999.999, "RMB_bn")
    assert not quote_contains("RMB999,999,999 million", 999999.998, "RMB_bn")


def test_rounding_goes_one_way_only() -> None:
    # 247.8 rounds RMB247,795 million; 247.795 claims a precision "247.8 billion" does not have
    assert quote_contains("RMB247,795 million", 247.8, "RMB_bn")
    assert not quote_contains("247.8 billion", 247.795, "RMB_bn")
    # a value rounded to the wrong side is not the quoted figure
    assert not quote_contains("RMB247,795 million", 247.7, "RMB_bn")


def test_no_value_is_contained_that_is_not_finite() -> None:
    assert not quote_contains("nan inf", math.nan, "count")
    assert not quote_contains("99999", math.inf, "count")


def test_quote_contains_percent() -> None:
    assert quote_contains_percent(CLOUD_Q2, 34)
    assert not quote_contains_percent(CLOUD_Q2, 35)


def test_quoted_numbers_reads_figures_and_scales() -> None:
    assert list(quoted_numbers("RMB39,824 million (US$5,594 million), up 34%")) == [
        (39824.0, 1e6),
        (5594.0, 1e6),
        (34.0, 1.0),
    ]
    assert list(quoted_numbers("398.24亿元")) == [(398.24, 1e8)]
    assert list(quoted_numbers("ninth")) == [(9, 1.0)]


@given(st.integers(min_value=1, max_value=999_999_999))
def test_millions_with_separators_contain_their_value_in_billions(millions: int) -> None:
    quote = f"revenue was RMB{millions:,} million"
    billions = millions / 1000
    assert quote_contains(quote, billions, "RMB_bn")
    assert quote_contains(quote, -billions, "RMB_bn")
    assert quote_contains(quote, round(billions, 1), "RMB_bn")
    assert quote_contains(quote, round(billions), "RMB_bn")
    # the neighbouring figure at the same precision is a different number (x.xx0 would be a rounding)
    neighbour = millions + 1 if (millions + 1) % 10 else millions + 2
    assert not quote_contains(quote, neighbour / 1000, "RMB_bn")


@given(st.decimals(min_value="0.01", max_value="99999.99", places=2))
def test_yi_contains_its_value_in_billions(amount) -> None:
    quote = f"收入为{amount}亿元"
    assert quote_contains(quote, float(amount) / 10, "RMB_bn")


TABLE_ROW = "Revenue | 280,154 | 284,843 | 40,732 | 759,893 | 780,290 | 111,580"


def test_a_table_row_is_read_at_the_scale_its_header_states() -> None:
    # "(in millions)" heads the table, not the row: without table_scale the bare 284,843 is no 284.843 bn
    assert not quote_contains(TABLE_ROW, 284.843, "RMB_bn")
    assert quote_contains(TABLE_ROW, 284.843, "RMB_bn", table_scale="million")
    assert quote_contains(TABLE_ROW, 780.29, "RMB_bn", table_scale="million")
    assert not quote_contains(TABLE_ROW, 28.4843, "RMB_bn", table_scale="million")  # a tenth is not in the row
    assert quote_contains(TABLE_ROW, 284.843, "RMB_bn", table_scale="billion") is False
    # a number with its own scale word keeps it: the header's scale does not apply twice
    assert quote_contains("capex of RMB31.5 billion | 12", 31.5, "RMB_bn", table_scale="million")
    assert not quote_contains("capex of RMB31.5 billion", 31_500_000.0, "RMB_bn", table_scale="million")
