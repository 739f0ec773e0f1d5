"""Links that open a source at the quoted words: a URL text fragment (`#:~:text=START,END`).

Chrome, Edge, Firefox 131+ and Safari 16.1+ scroll to the words of a text fragment and highlight
them (WICG scroll-to-text-fragment), so a reader checking a figure lands on its sentence. A
fragment only helps where the quote is the page's own running text: a PDF viewer ignores it,
joined table cells are not text on the page, a machine translation is not the page's words, and a
GitHub file carries line anchors instead. Those get the plain link (a table row at most its label).
"""

from __future__ import annotations

import re
import urllib.parse

from loaders.schema import Source

EDGE_WORDS = 4  # the words of a long quote's start and end, where the browser matches from and to
WHOLE_WORDS = 8  # a quote of at most this many words is matched whole
CJK_WHOLE_CHARS = 40  # a Chinese quote of at most this many characters is matched whole
TABLE_CELL = " | "  # how a quote from a table row joins its cells
ROW_LABEL_WORDS = (2, 12)  # a table row's label long enough to find and short enough to be a label

_ELLIPSIS = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|…|\.\.\.)\s*")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CLAUSE_END = re.compile(r"(?<=[，。；：！？、])")
_GITHUB_FILE = re.compile(r"^https?://(?:www\.)?github\.com/[^/]+/[^/]+/blob/", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")


def encode(text: str) -> str:
    """Text as a text directive's term: every character but ASCII letters, digits and `_.~` percent-encoded
    (UTF-8), `-`, `&` and `,` among them, as the directive's syntax needs, and spaces as %20."""
    return urllib.parse.quote(text, safe="").replace("-", "%2D")


def with_text_directive(link: str, directive: str) -> str:
    """The link with `:~:directive` after its fragment (`#x` becomes `#x:~:text=`); a link already
    pointing at text is left as it is."""
    base, _, fragment = link.partition("#")
    if ":~:" in fragment:
        return link
    return f"{base}#{fragment}:~:{directive}"


def opens_at_text(source: Source, link: str) -> bool:
    """Whether a browser can scroll this link's page to a quote: not a PDF, not a machine translation,
    not a GitHub file (whose links carry line anchors)."""
    path = urllib.parse.urlsplit(link).path.lower()
    return not (source.pdf or path.endswith(".pdf") or source.machine_translated or _GITHUB_FILE.match(link))


def _units(segment: str) -> list[str]:
    """What a quote's start and end are counted in: words, or in Chinese text (no spaces between
    words) clauses, so a term never ends inside a word."""
    if _CJK.search(segment):
        return [u.strip() for u in _CLAUSE_END.split(segment) for u in u.split() if u.strip()]
    return segment.split()


def _joined(units: list[str], cjk: bool) -> str:
    return ("" if cjk else " ").join(units)


def _range(segments: list[str]) -> tuple[str, str | None] | None:
    """The start and end terms (end None: the start is the whole quote), or None for no usable term."""
    first, last = segments[0], segments[-1]
    cjk = bool(_CJK.search(first) or _CJK.search(last))
    if len(segments) == 1:
        words = _units(first)
        short = len(first) <= CJK_WHOLE_CHARS if cjk else len(words) <= WHOLE_WORDS
        if short or len(words) < 2:
            return (first, None)
        n = 1 if cjk else EDGE_WORDS
        if 2 * n > len(words):
            return (first, None)
        start = _joined(words[:n], cjk)
        # the browser ends at the first match of END after START (in any case): lengthen END until that
        # match is the quote's end; at the longest, END is everything after START, which always is
        rest = _joined(words[n:], cjk).casefold()
        for m in range(n, len(words) - n):
            end = _joined(words[-m:], cjk)
            if rest.find(folded := end.casefold()) == len(rest) - len(folded):
                return (start, end)
        return (start, _joined(words[n:], cjk))
    # an elided quote: from the first part's start to the last part's end, each at most EDGE_WORDS long
    head, tail = _units(first), _units(last)
    n = 1 if cjk else EDGE_WORDS
    start, end = _joined(head[:n], cjk), _joined(tail[-n:], cjk)
    if not start or not end:
        return None
    return (start, end)


def text_directive(quote: str) -> str | None:
    """`text=START,END` from a quote's first and last few words (`text=WHOLE` for a short quote)."""
    text = " ".join(quote.split()).strip(" \"'“”‘’")
    segments = [s for s in _ELLIPSIS.split(text) if s.strip()]
    if not segments:
        return None
    found = _range(segments)
    if found is None:
        return None
    start, end = found
    return f"text={encode(start)}" + (f",{encode(end)}" if end else "")


def row_label(quote: str) -> str | None:
    """The label cell of a table-row quote, where it is words a browser can find (not a bare number)."""
    label = " ".join(quote.split(TABLE_CELL, 1)[0].split())
    low, high = ROW_LABEL_WORDS
    if _LETTER.search(label) and low <= len(label.split()) <= high:
        return label
    return None


def link_to_quote(source: Source, quote: str | None) -> str | None:
    """The source's link, opening at the quote where a browser can: None when the source has no http(s) link."""
    link = source.link
    if not link or not link.lower().startswith(("https://", "http://")):
        return None
    if not quote or not quote.strip() or not opens_at_text(source, link):
        return link
    if TABLE_CELL in quote:
        label = row_label(quote)
        return with_text_directive(link, f"text={encode(label)}") if label else link
    directive = text_directive(quote)
    return with_text_directive(link, directive) if directive else link
