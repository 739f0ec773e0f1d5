"""Store format 2: sources as documents and where they were read, companies and subjects, results
days, estimates and targets, each rule against the small store of test_store with one edit."""

from __future__ import annotations

import datetime as dt

import pytest
from test_store import STORE_YAML

from loaders import StoreError, build_frames
from loaders.citation import evidence, evidence_words, issuer_name, source_label
from loaders.derive import conflicts
from loaders.store import load_store_bytes, open_store

REAL_DAY = dt.date.today()


def load(*edits: tuple[str, str]):  # type: ignore[no-untyped-def]
    text = STORE_YAML
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_store_bytes(text.encode("utf-8"), "metrics.yaml", REAL_DAY)


def problems(*edits: tuple[str, str]) -> list[str]:
    with pytest.raises(StoreError) as exc:
        load(*edits)
    return [f"{p.where}: {p.message}" for p in exc.value.problems]


WIRE = '    issuer: "Example Wire"\n'
WIRE_URL = "    url: https://news.example.com/alibaba-cloud-q2\n"
WIRE_DAYS = WIRE + WIRE_URL + "    published: 2025-11-26\n    accessed: 2026-11-20\n"
RESULTS_DAY = "    category: results\n    reports: FY2026Q2\n"
RATE_SUBJECT = "    category: fx\n    subject: fx\n"
ESTIMATE = (
    '        quote: "cloud revenue rose 34% to 39.8 billion yuan"\n',
    '        quote: "cloud revenue rose 34% to 39.8 billion yuan"\n'
    "      - period: FY2026Q3\n        value: 42\n        basis: estimate\n{extra}"
    '        source: wire_fy26q2\n        quote: "analysts expect cloud revenue of 42 billion yuan"\n',
)


def with_estimate(extra: str) -> tuple[str, str]:
    return ESTIMATE[0], ESTIMATE[1].format(extra=extra)


def test_a_copy_is_labelled_as_the_issuers_document_and_links_to_the_page_read() -> None:
    store = load(
        ("    issuer: alibaba\n    url: https://www.alibabagroup.com/en-US/ir-fy26q1\n",
         "    issuer: alibaba\n    url: https://www.alibabagroup.com/original.pdf\n"
         "    read_at:\n      host: FT Markets Data announcements\n      url: https://markets.example.com/copy\n"),
    )  # fmt: skip
    copy = store.sources["ali_fy26q1"]
    assert source_label(copy, store.companies) == (
        "Alibaba Group Announces June Quarter 2025 Results (copy in FT Markets Data announcements)"
    )
    assert (evidence(copy), evidence_words(evidence(copy), copy.read_at.host)) == (
        "stated_in_copy", "copy, read at FT Markets Data announcements"
    )  # fmt: skip
    assert copy.link == "https://markets.example.com/copy"  # the page whose text was checked
    assert copy.url == "https://www.alibabagroup.com/original.pdf"
    own = store.sources["ali_fy26q2"]
    assert (issuer_name(own, store.companies), own.link) == ("Alibaba Group", "https://www.alibabagroup.com/en-US/ir-fy26q2")
    assert source_label(own, store.companies) == own.title  # the title names the issuer already
    assert evidence(own) == "stated"
    wire = store.sources["wire_fy26q2"]
    assert source_label(wire, store.companies) == f"Example Wire, {wire.title}"


def test_the_frames_carry_issuer_read_at_subject_and_reported_quarter(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = STORE_YAML.replace(WIRE_URL, "    read_at:\n      host: a copy site\n      url: https://copy.example.com/w\n")
    path = tmp_path / "metrics.yaml"
    path.write_text(text, encoding="utf-8")
    frames = build_frames(open_store(path, REAL_DAY))
    wire = frames.sources.set_index("source").loc["wire_fy26q2"]
    assert (wire["publisher"], wire["issuer"], wire["read_at_host"], wire["url"]) == (
        "Example Wire", "Example Wire", "a copy site", "https://copy.example.com/w"
    )  # fmt: skip
    assert wire["source_label"] == f"Example Wire, {wire['title']} (copy in a copy site)"
    assert (wire["evidence"], wire["evidence_label"]) == ("stated_in_copy", "copy, read at a copy site")
    values = frames.observations[frames.observations["source"] == "wire_fy26q2"]
    assert set(values["evidence"]) == {"stated_in_copy"} and set(values["read_at_host"]) == {"a copy site"}
    assert set(values["source_title"]) == {f"{wire['title']} (copy in a copy site)"}  # "publisher, source_title": the label
    assert all(link.startswith("https://copy.example.com/w#:~:text=") for link in values["link_to_quote"])
    assert dict(zip(frames.metrics["metric"], frames.metrics["subject"], strict=True))["usd_rmb_rate"] == "fx"
    assert dict(zip(frames.metrics["metric"], frames.metrics["subject"], strict=True))["cloud_revenue"] == "alibaba"
    results = frames.events.set_index("event").loc["results_q2"]
    assert (results["reports"], results["subject"]) == ("FY2026Q2", "alibaba")


def test_an_estimate_keeps_its_provider_and_date_in_the_frame(tmp_path) -> None:  # type: ignore[no-untyped-def]
    old, new = with_estimate("        provider: LSEG\n        estimated_on: 2025-11-20\n")
    path = tmp_path / "metrics.yaml"
    path.write_text(STORE_YAML.replace(old, new), encoding="utf-8")
    obs = build_frames(open_store(path, REAL_DAY)).observations
    [estimate] = obs[obs["basis"] == "estimate"].to_dict("records")
    assert (estimate["value"], estimate["provider"], estimate["estimated_on"]) == (42.0, "LSEG", dt.date(2025, 11, 20))
    assert obs[obs["basis"] != "estimate"]["provider"].isna().all()


@pytest.mark.parametrize(("second", "disagree"), [("Bloomberg", False), ("LSEG", True)])
def test_estimates_of_two_providers_are_two_forecasts_not_a_disagreement(tmp_path, second, disagree) -> None:  # type: ignore[no-untyped-def]
    old, new = with_estimate("        provider: LSEG\n        estimated_on: 2025-11-20\n")
    new += (
        f"      - period: FY2026Q3\n        value: 43\n        basis: estimate\n        provider: {second}\n"
        "        estimated_on: 2025-11-21\n        source: wire_fy26q2\n"
        '        quote: "another estimate puts cloud revenue at 43 billion yuan"\n'
    )
    path = tmp_path / "metrics.yaml"
    path.write_text(STORE_YAML.replace(old, new), encoding="utf-8")
    found = conflicts(build_frames(open_store(path, REAL_DAY)).observations)
    estimates = found[found["basis"] == "estimate"]
    assert (estimates["kind"].tolist() == ["values differ"] * 2) if disagree else estimates.empty


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ((WIRE, "    issuer: alibaba\n    offline_copy: seeds/wire.txt\n"), None),  # a grade-2 copy of a company text is fine
        (("    kind: article\n    grade: 2\n  plan_2025:", "    kind: article\n    grade: 1\n  plan_2025:"),
         "sources.wire_fy26q2.grade: grade 1 is a company's own document or a verbatim copy of it; "
         "issuer 'Example Wire' is not a company id ('alibaba')"),
        ((WIRE_DAYS + "    kind: article", WIRE_DAYS + "    kind: sec_6k_exhibit"),
         "sources.wire_fy26q2.issuer: a SEC 6-K exhibit is issued by a company: issuer must be a company id ('alibaba'), "
         "not 'Example Wire'"),
        ((WIRE_DAYS + "    kind: article\n    grade: 2", WIRE_DAYS + "    kind: article\n    grade: 4"),
         "sources.wire_fy26q2.kind: grade 4 is machine-written: kind must be machine_written_page, not 'article'"),
        ((WIRE_URL, "    read_at:\n      host: x\n      url: javascript:alert(1)\n"),
         "sources.wire_fy26q2.read_at.url: url 'javascript:alert(1)' must be an http:// or https:// address"),
        (("default_subject: alibaba", "default_subject: tencent"),
         "default_subject: default_subject 'tencent' is not a company (not in companies:)"),
        (("companies:\n  alibaba:\n", "companies:\n  market:\n    name: M\n    tickers: [M]\n    fiscal_year_end_month: 12\n"
          "    currency: USD\n  alibaba:\n"),
         "companies.market: 'market' is reserved for metrics about a market, not a company id"),
        ((RATE_SUBJECT, "    category: fx\n"),
         "metrics.usd_rmb_rate.category: category 'fx' is for metrics whose subject is 'fx'; set subject: fx"),
        ((RATE_SUBJECT, "    category: fx\n    subject: market\n"),
         "metrics.usd_rmb_rate.subject: a metric about 'market' has category 'market', not 'fx'"),
        ((RESULTS_DAY, "    category: results\n"),
         "events[1]: a results event needs reports: the fiscal quarter whose results were announced, e.g. FY2026Q2"),
        ((RESULTS_DAY, "    category: results\n    reports: FY2026Q3\n"),
         "events[1].reports: FY2026Q3 ends 2025-12-31: results cannot be announced on 2025-11-25, before it is over"),
        (("    category: model_release\n", "    category: model_release\n    reports: FY2026Q1\n"),
         "events[0].reports: reports: belongs to results events (category: results) only"),
        ((RESULTS_DAY, RESULTS_DAY + "    subject: market\n"),
         "events[1].subject: subject 'market' is not a company ('alibaba')"),
        (with_estimate("        provider: LSEG\n        estimated_on: 2025-11-20\n"), None),
        (with_estimate("        provider: LSEG\n"),
         "metrics.cloud_revenue.observations[1]: an estimate needs estimated_on: the day the provider published it"),
        (with_estimate("        provider: LSEG\n        estimated_on: 2999-01-01\n"),
         "metrics.cloud_revenue.observations[1].estimated_on: estimated_on 2999-01-01 is in the future"),
        (("        value: 39.8\n", "        value: 39.8\n        provider: LSEG\n"),
         "metrics.cloud_revenue.observations[0].provider: provider belongs to basis: estimate, not basis: reported"),
        (("        value: 39.8\n", "        value: 39.8\n        basis: constant_currency\n"), None),
        (("fiscal_year_end_month: 3 ", "fiscal_year_end_month: 6 "),
         "companies.alibaba.fiscal_year_end_month: the default subject's fiscal year must end in month 3 "
         "(year ends 31 March), as the pages read its periods; not 6. Add a company with another year end as a "
         "company of its own"),
    ],
    ids=[
        "grade-2-copy", "grade-1-outlet", "company-kind-outlet", "grade-4-article", "read-at-javascript",
        "default-subject", "reserved-company-id", "fx-without-subject", "fx-about-market", "results-without-reports",
        "reports-not-over", "reports-not-results", "results-about-market", "estimate-with-provider",
        "estimate-without-date", "estimate-dated-ahead", "provider-on-reported", "constant-currency",
        "default-subject-year-end",
    ],
)  # fmt: skip
def test_format_2_rules(edit: tuple[str, str], expected: str | None) -> None:
    if expected is None:
        load(edit)
    else:
        assert expected in problems(edit), problems(edit)


def test_a_format_1_store_gets_one_clear_line() -> None:
    [found] = problems(("version: 2\n", "version: 1\n"))
    assert found == "version: version 1: this program reads store format 2 (version: 2); docs/store-format.md says what changed"


def test_a_copy_with_no_address_of_its_own_links_to_the_original_it_names_marked_as_not_opened() -> None:
    store = load(
        ("    issuer: alibaba\n    url: https://www.alibabagroup.com/en-US/ir-fy26q1\n",
         "    issuer: alibaba\n    url: https://www.sec.gov/Archives/edgar/data/1577552/ex99-1.htm\n"
         "    read_at:\n      host: a repository note\n"),
    )  # fmt: skip
    copy = store.sources["ali_fy26q1"]
    assert copy.link == "https://www.sec.gov/Archives/edgar/data/1577552/ex99-1.htm"
    assert evidence(copy) == "original_named_not_opened"
    assert evidence_words(evidence(copy), copy.read_at.host) == (
        "original named by the copy, not opened here (copy read at a repository note)"
    )
    assert source_label(copy, store.companies).endswith("(copy in a repository note)")


@pytest.mark.parametrize("second", ["FactSet", "LSEG"])
def test_one_figure_given_as_two_providers_estimate_is_two_lines_not_a_duplicate(second: str) -> None:
    """'Below the LSEG and FactSet estimate of 42 billion': one line per provider; one provider twice is a duplicate."""
    old, new = with_estimate("        provider: LSEG\n        estimated_on: 2025-11-20\n")
    twice = new + new.split(ESTIMATE[0], 1)[1].replace("provider: LSEG", f"provider: {second}")
    if second == "LSEG":
        assert [p for p in problems((old, twice)) if "duplicate observation" in p]
    else:
        store = load((old, twice))
        estimates = [o for o in store.metrics["cloud_revenue"].observations if o.basis == "estimate"]
        assert [(o.value, o.provider) for o in estimates] == [(42.0, "LSEG"), (42.0, "FactSet")]
