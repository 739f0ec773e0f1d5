"""What a source is called where readers see it: whose document it is first, where it was read after.

One place for the words, so a footnote, a table, a workbook and a deck name a source alike.
"""

from __future__ import annotations

from collections.abc import Mapping

from loaders.schema import Company, Source


def issuer_name(source: Source, companies: Mapping[str, Company]) -> str:
    """The issuer as readers know it: a company's name for its own document, else the outlet or site."""
    company = companies.get(source.issuer)
    return company.name if company is not None else source.issuer


def source_label(source: Source, companies: Mapping[str, Company]) -> str:
    """'Alibaba Group (copy read at FT Markets Data announcements)': the document's issuer, then the copy's host."""
    name = issuer_name(source, companies)
    return f"{name} (copy read at {source.read_at.host})" if source.read_at is not None else name
