"""Rewrite a format-1 metric store as format 2, as text, keeping every other byte of the hand-edited file.

    python docs/migrations/store_format_2.py metrics.yaml [more stores ...]

Run once over `metrics.yaml` and the test stores when format 2 was introduced; kept to show how
each format-1 field became its format-2 fields (docs/store-format.md):

- `version: 1` becomes `version: 2`, followed by `default_subject: alibaba` and a `companies:` entry;
- each source's `publisher` becomes `issuer` (the company id `alibaba` for its own documents and
  verbatim copies of them, else the outlet or site), its `kind` a document kind, and a copy read
  on another host gets `read_at: {host, url}` with the page's address moved there;
- market-share and exchange-rate metrics get `subject: market` and `subject: fx`;
- results events get `reports:` (the newest fiscal quarter ended before the event's day, which must
  agree with a quarter the event's id or title names);
- management aims stored as `basis: estimate` (no provider) become `basis: target`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

COMPANY = "alibaba"
HEADER = """version: 2

default_subject: alibaba   # the company a metric or event is about where it does not say

companies:
  alibaba:
    name: Alibaba Group
    tickers: [BABA, 9988.HK]
    fiscal_year_end_month: 3   # the fiscal year ends 31 March: FY2026Q1 = Apr-Jun 2025
    currency: RMB
"""

# Sources of metrics.yaml whose issuer, kind or reading host the general rule below would get wrong:
# id -> (issuer, kind, host of the copy read, or None where the page is the issuer's own).
# An issuer of None keeps the publisher's words.
SOURCES: dict[str, tuple[str | None, str, str | None]] = {
    "aicorite_20240207_results": (COMPANY, "results_announcement", "aicorite.com"),
    "ali_20250220_call": (COMPANY, "earnings_call", None),
    "ali_news_20240207_results": (COMPANY, "article", None),
    "ali_news_20240514_results": (COMPANY, "article", None),
    "ali_results_2023_06": (COMPANY, "results_announcement", "miscw.com, via Business Wire"),
    "ali_results_2023_09": (COMPANY, "results_announcement", "pdvg.it, via Business Wire"),
    "ali_results_2023_12": (COMPANY, "results_announcement", "marketnewsdata.com"),
    "ali_results_2024_06": (COMPANY, "results_announcement", "ADVFN, via Business Wire"),
    "ali_results_2024_06_ft": (COMPANY, "results_announcement", "FT Markets Data announcements, via Business Wire"),
    "ali_results_2024_09": (COMPANY, "results_announcement", "finanznachrichten.de, via Business Wire"),
    "ali_results_2024_12": (COMPANY, "results_announcement", "FT Markets Data announcements, via Business Wire"),
    "ali_results_2025_03": (COMPANY, "results_announcement", "ADVFN Brasil, via Business Wire"),
    "ali_results_2025_03_dj": (COMPANY, "results_announcement", "Tiger Brokers, via Business Wire and Dow Jones"),
    "ali_results_2025_06": (COMPANY, "results_announcement", "Tiger Brokers, via Business Wire and Dow Jones"),
    "ali_results_2025_09": (COMPANY, "results_announcement", "The AI Journal, via Business Wire"),
    "ali_results_2025_12_6k": (COMPANY, "sec_6k_exhibit", "otp.investis.com, Alibaba's SEC-filings viewer"),
    "ali_results_2026_03": (COMPANY, "results_announcement", "FT Markets Data announcements, via Business Wire"),
    "ali_results_2025_06_cn": (COMPANY, "hkex_announcement", "a NetEase 163.com self-media post, mirrored on digipub.cc"),
    "ali_annual_report_fy2025": (COMPANY, "annual_report_20f", "GitHub repository linroger/FinanceCompendium"),
    "ali_20f_fy2026_income_statement": (COMPANY, "annual_report_20f", "archive.fast-edgar.com, XBRL R page"),
    "ali_20f_fy2026_segments": (COMPANY, "annual_report_20f", "archive.fast-edgar.com, XBRL R page"),
    "alizila_20250515_call": (COMPANY, "earnings_call", None),
    "caiding5_20251125_results": (COMPANY, "hkex_announcement", "xiaofei.caiding5.cn, quoted point by point"),
    "ft_20251125_release": (COMPANY, "results_announcement", "FT Markets Data announcements, via Business Wire"),
    "futu_20240514_release_tc": (COMPANY, "sec_6k_exhibit", "Futu News, machine translation"),
    "guba_20241115_hkex_text": (COMPANY, "hkex_announcement", "a Sina Guba (新浪股吧) user post"),
    "netease_20251125_release_cn": (COMPANY, "hkex_announcement", "a NetEase 163.com self-media post"),
    "sec_20230910_cloud_ceo": (COMPANY, "sec_6k_exhibit", None),
    "stocktitan_20231116_results": (COMPANY, "results_announcement", "StockTitan, via Business Wire"),
    "stocktitan_20250515_release": (COMPANY, "results_announcement", "Stock Titan, via Business Wire"),
    "ziboxinyan_fy2024_interim": (COMPANY, "hkex_announcement", "ziboxinyan.com, a report-sharing site"),
    # outlets' articles read in copies on other sites
    "bloomberg_20231116_spinoff": ("Bloomberg", "article", "BNN Bloomberg"),
    "ceo_20251128_cfo_capex": ("China Entrepreneur magazine (《中国企业家》, reporter 邓双琳)", "article", "thetrihouse.com"),
    "chinatimes_202508_omdia_q2": ("China Times (時報, 工商時報)", "article", "MoneyLink"),
    "cnbc_20230810_results": ("CNBC", "article", "newsio.com"),
    "cnbc_20260824_placement": ("CNBC", "article", "a news-aggregator file in a public GitHub repository"),
    "dj_marketscreener_20240514_results": ("Dow Jones Newswires (Tracy Qu and Ben Otto)", "article", "MarketScreener"),
    "icc_20250522_batcapex": ("ICC讯石 (iccsz)", "article", "joq5k4q.cn"),
    "ithome_20250429_qwen3": ("IT之家 (IT Home)", "article", "uninf.com"),
    "kgi_20250830_fy26q1": ("KGI Securities (凱基證券)", "research_note", "zhenzhuoglobal.com, a summary"),
    "niaoge_20260221_qianwen_dau": ("鸟哥笔记", "article", "oiv3v.magichp.com"),
    "pingwest_20240607_qwen2": ("PingWest (品玩)", "article", "Futu News"),
    "reuters_20250911_bond": ("Reuters", "article", "squidsite02.com"),
    "sbh21_20250924_yunqi": ("21st Century Business Herald (21世纪经济报道)", "article", "chinahospitalitynews.com"),
    "scmp_20240815_results": ("South China Morning Post", "article", "Yahoo Finance Singapore"),
    "scmp_20250224_plan": ("South China Morning Post", "article", "Tiger Brokers"),
    "techweb_202509_fy26q1": ("TechWeb", "article", "hnbht.cn"),
    "xinhua_20250224_plan": ("Xinhua", "article", "Jiangsu China (english.jschina.com.cn)"),
    "xinhua_20260113_qwen_copy": ("Xinhua", "article", "yourai.pro"),
    "zhidx_20251125_results": ("智东西 (Zhidx)", "article", "digipub.cc, a copy of a NetEase self-media post"),
    # the kind of document, where the general rule by format-1 kind would name another
    "asiadaily_20251125_cloud": (None, "article", None),
    "callseed_20260820_baba_fy27q1_call": (None, "site_page", None),
    "eminnews_20260319_results": (None, "article", None),
    "futunn_20260513_ai_returns": (None, "site_page", None),
    "futunn_202605_dividends_ai": (None, "site_page", None),
    "fxbaogao_202408_batcapex": (None, "research_note", None),
    "gowebing_202604_omdia_q4": (None, "article", None),
    "kb_20260825_alibaba_cloud": (None, "site_page", None),
    "mingpao_20250902_column": (None, "article", None),
    "nasdaq_20250924_fcf": (None, "research_note", None),
    "netease_202601_zhenwu": (None, "site_page", None),
    "poems_202505_fy25q4": (None, "research_note", None),
    "techicons_20251125_margins": (None, "article", None),
    "ttmblog_20260513_call": (None, "article", None),
}
OFFLINE_COPIES = {"bjnews_20251125_qianwen": "seeds/000_7c4fefbc25e0eece.txt"}
TARGETS = {"maas_arr"}  # metrics whose estimate rows are management aims

KIND_BY_FORMAT_1 = {
    "company_release": "results_announcement", "earnings_call": "earnings_call", "news": "article",
    "research": "research_note", "analysis": "research_note", "blog": "site_page", "other": "site_page",
}  # fmt: skip


def scalar(text: str) -> str:
    """A YAML scalar for `text`: bare where YAML reads it back unchanged, else double-quoted."""
    if re.fullmatch(r"[A-Za-z\u4e00-\u9fff][^:#'\"{}\[\],&*!|>%@`]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def source_block(sid: str, lines: list[str]) -> list[str]:
    fields = {m.group(1): m.group(2) for m in (re.match(r"    (\w+): (.*)$", line) for line in lines) if m}
    grade = int(fields["grade"])
    old_kind = fields["kind"].strip()
    issuer, kind, host = SOURCES.get(sid, (None, "", None))
    if issuer is None:
        issuer = COMPANY if grade == 1 else ""
    kind = "machine_written_page" if grade == 4 else kind or KIND_BY_FORMAT_1[old_kind]
    out: list[str] = []
    for line in lines:
        key = re.match(r"    (\w+):", line)
        name = key.group(1) if key else None
        if name == "publisher":
            out.append(f"    issuer: {scalar(issuer)}" if issuer else line.replace("    publisher:", "    issuer:", 1))
        elif name == "kind":
            out.append(f"    kind: {kind}")
        elif name == "url" and host is not None:
            out += ["    read_at:", f"      host: {scalar(host)}", f"      url: {fields['url'].strip()}"]
        elif name == "accessed" and host is not None and "url" not in fields:
            out += ["    read_at:", f"      host: {scalar(host)}", line]
        elif name == "published" and sid in OFFLINE_COPIES:
            out += [f"    offline_copy: {OFFLINE_COPIES[sid]}", line]
        else:
            out.append(line)
    return out


def reported_quarter(day: dt.date) -> str:
    """The newest fiscal quarter (years ending 31 March) that ended before `day`."""
    quarter_end_month = ((day.month - 1) // 3) * 3  # the last month of the calendar quarter before day's
    year = day.year if quarter_end_month else day.year - 1
    month = quarter_end_month or 12
    fiscal_year = year + 1 if month > 3 else year
    return f"FY{fiscal_year}Q{((month - 4) % 12) // 3 + 1}"


def migrate(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        top = re.match(r"([a-z_]+):", line)
        if top:
            section = top.group(1)
        if line.startswith("version: 1"):
            out += HEADER.rstrip("\n").split("\n")
            i += 1
            continue
        if section == "sources" and re.match(r"  (\w+):\s*$", line):
            sid = line.strip()[:-1]
            j = i + 1
            while j < len(lines) and lines[j].startswith("    "):
                j += 1
            out += [line, *source_block(sid, lines[i + 1 : j])]
            i = j
            continue
        out.append(line)
        if section == "metrics":
            category = re.match(r"    category: (market|fx)\s*$", line)
            if category:
                out.append(f"    subject: {category.group(1)}")
        if section == "events" and re.match(r"  category: results\s*$", line):
            out.append(f"  reports: {_event_quarter(lines, i)}")
        i += 1
    migrated = "\n".join(out)
    for metric in TARGETS:
        start = migrated.find(f"\n  {metric}:\n")
        if start >= 0:
            end = re.search(r"\n  \w+:\n", migrated[start + 1 :])
            stop = start + 1 + end.start() if end else len(migrated)
            migrated = migrated[:start] + migrated[start:stop].replace("basis: estimate", "basis: target") + migrated[stop:]
    return migrated


def _event_quarter(lines: list[str], at: int) -> str:
    """The quarter a results event reports, from its day, checked against a quarter its id or title names."""
    start = at
    while not lines[start].startswith("- "):
        start -= 1
    end = at
    while end + 1 < len(lines) and not lines[end + 1].startswith("- ") and not re.match(r"[a-z_]+:", lines[end + 1]):
        end += 1
    block = "\n".join(lines[start : end + 1])
    day = re.search(r"^  (?:date|end): '?(\d{4}-\d{2}-\d{2})", block, re.M) or re.search(r"date: '?(\d{4}-\d{2}-\d{2})", block)
    assert day, block
    quarter = reported_quarter(dt.date.fromisoformat(day.group(1)))
    named = re.search(r"(?:id: results_fy|\bFY ?)(\d{4}) ?[qQ](\d)", block)
    if named:
        assert f"FY{named.group(1)}Q{named.group(2)}" == quarter, (block, quarter)
    return quarter


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        path.write_bytes(migrate(path.read_bytes().decode("utf-8")).encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
