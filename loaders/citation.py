"""What a source is called where readers see it: whose document it is first, where it was read after.

One place for the words, so a footnote, a table, a workbook and a deck name a source alike, and
for how each value is evidenced (loaders.vocab.EVIDENCE): read in the document, in a copy of it,
or only named by a copy that could not be linked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from loaders.schema import Company, Source
from loaders.vocab import EVIDENCE


def issuer_name(source: Source, companies: Mapping[str, Company]) -> str:
    """The issuer as readers know it: a company's name for its own document, else the outlet or site."""
    company = companies.get(source.issuer)
    return company.name if company is not None else source.issuer


def cited_title(source: Source) -> str:
    """The document's title, then where a copy of it was read: 'Results announcement (copy in FT Markets)'."""
    return f"{source.title} (copy in {source.read_at.host})" if source.read_at is not None else source.title


def source_label(source: Source, companies: Mapping[str, Company]) -> str:
    """'Alibaba Group, September Quarter 2024 results announcement (copy in Sina Guba)': the issuer and the
    document first, so a copy is named as the document it copies, and the host of the copy after.

    A title that already opens with the issuer's name ('Alibaba Group Announces ...') is not preceded
    by it again: the footnote's room goes to the document, not to the name twice."""
    return label_words(issuer_name(source, companies), cited_title(source))


def label_words(issuer: str, title: str) -> str:
    """The label from its two parts, for rows that carry them apart (a frame's publisher and source_title)."""
    if not issuer or re.match(re.escape(issuer) + r"\b", title, re.IGNORECASE):
        return title
    return f"{issuer}, {title}" if title else issuer


def evidence(source: Source) -> str:
    """How a value read in this source is evidenced, one of EVIDENCE's words (never 'derived': a source
    states its values). A copy with no address of its own whose link is the original it names was
    read in the copy, but the page a reader can open is the original, which was not opened here."""
    if source.read_at is None:
        return "stated"
    if source.read_at.url is None and source.url is not None:
        return "original_named_not_opened"
    return "stated_in_copy"


def evidence_words(kind: str, host: str | None = None) -> str:
    """The evidence as details and exports say it: 'copy, read at FT Markets' where it is a copy."""
    if kind == "stated_in_copy" and host:
        return f"copy, read at {host}"
    if kind == "original_named_not_opened" and host:
        return f"{EVIDENCE[kind]} (copy read at {host})"
    return EVIDENCE.get(kind, kind)
