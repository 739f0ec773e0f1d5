"""The text of a saved results announcement, as lines a reader would quote.

A release arrives as Alibaba's PDF, the 6-K exhibit's HTML, a Business Wire copy scraped from a
news site, or plain text. Each is turned into the same thing: a list of lines, each a paragraph
(its broken lines joined), a heading, or a table row written as its non-empty cells joined by
" | " (the store's way of quoting a table row). Nothing is reworded, so a quote cut from a line is
what the document says, down to its run-together words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

CELL_SEPARATOR = " | "
MAX_BYTES = 20 * 1024 * 1024  # a release with its tables is well under 5 MB

_BULLET = re.compile(r"^\s*(?:[•·●▪■◦\-–—*]|\(?[a-z0-9]\)|\d+\.)\s+")
_NUMBER_CELL = re.compile(r"^\(?-?[\d,]+(?:\.\d+)?\)?%?$|^[-–—]$")
# a PDF or text table row: a label, then two or more numbers (or dashes) set apart by spaces
_CELL = r"(?:\(?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?%?|[-–—])"
_TEXT_ROW = re.compile(rf"^(?P<label>[A-Za-z][^\d|]*?)\s+(?P<cells>{_CELL}(?:\s+{_CELL})+)\s*$")


class AnnouncementError(ValueError):
    """The file cannot be read as an announcement; the message says why."""


@dataclass(frozen=True)
class Line:
    text: str
    kind: str  # "paragraph", "heading" or "row"

    @property
    def cells(self) -> list[str]:
        return self.text.split(CELL_SEPARATOR) if self.kind == "row" else [self.text]


def file_kind(path: Path, head: bytes) -> str:
    """ "pdf", "html" or "text", from the file's first bytes before its name."""
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    sniff = head[:2048].lower()
    if b"<html" in sniff or b"<!doctype html" in sniff or b"<body" in sniff or b"<p" in sniff or b"<table" in sniff:
        return "html"
    if path.suffix.lower() in (".htm", ".html", ".xhtml"):
        return "html"
    if path.suffix.lower() == ".pdf":
        raise AnnouncementError(f"{path}: named .pdf but is not a PDF (it does not start with %PDF)")
    return "text"


def read_announcement(path: str | Path) -> list[Line]:
    """The announcement's lines, whatever form it was saved in."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AnnouncementError(f"{path}: file not found") from None
    except OSError as exc:
        raise AnnouncementError(f"{path}: cannot read file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise AnnouncementError(f"{path}: {len(raw):,} bytes, over the limit of {MAX_BYTES:,} for an announcement")
    if not raw.strip():
        raise AnnouncementError(f"{path}: file is empty")
    kind = file_kind(path, raw[:4096])
    if kind == "pdf":
        return text_lines(pdf_text(raw, path))
    text = raw.decode("utf-8", errors="replace")
    return html_lines(text) if kind == "html" else text_lines(text)


def pdf_text(raw: bytes, path: Path) -> str:
    """The PDF's text in the order it was written: pypdf keeps a two-column page's columns one after the
    other and a table row on one line (pdfplumber interleaves the columns line by line; pdfminer.six
    moves headings away from their text and breaks a row into one line per cell)."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise AnnouncementError(f"{path}: the PDF is encrypted; save an unprotected copy")
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except AnnouncementError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise AnnouncementError(f"{path}: not a readable PDF ({type(exc).__name__}: {str(exc)[:120]})") from None


def _is_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 8 and not line.rstrip().endswith((".", ",", ";", ":")) and not any(c.isdigit() for c in line)


def _row_of(line: str) -> str | None:
    """A text line that is a table row, as its cells joined by " | "; None for prose."""
    if CELL_SEPARATOR.strip() in line:
        cells = [c.strip() for c in line.split("|")]
        cells = [c for c in cells if c]
        return CELL_SEPARATOR.join(cells) if len(cells) >= 2 else None
    m = _TEXT_ROW.match(line.strip())
    if not m or len(m["label"].split()) > 10:
        return None
    return CELL_SEPARATOR.join([m["label"].strip(), *m["cells"].split()])


def _table_header(line: str) -> str | None:
    """A header line of years or currencies ("2024 2025 2025", "RMB RMB US$"), as cells."""
    tokens = line.split()
    if len(tokens) >= 2 and all(re.fullmatch(r"(?:19|20)\d\d|RMB|US\$|HK\$", t) for t in tokens):
        return CELL_SEPARATOR.join(tokens)
    return None


def text_lines(text: str) -> list[Line]:
    """Plain or PDF text: paragraphs (blank lines, bullets and headings end them) with their broken lines
    joined; table rows as cells."""
    out: list[Line] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            joined = ""
            for part in paragraph:
                if not joined:
                    joined = part
                elif joined.endswith("-") and not joined.endswith(" -"):
                    joined += part  # a word broken at its hyphen: year-over-\nyear
                else:
                    joined += " " + part
            out.append(Line(joined, "paragraph"))
            paragraph.clear()

    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n"):
        line = " ".join(raw_line.replace("\xa0", " ").split())
        if not line:
            flush()
            continue
        row = _row_of(line) or _table_header(line)
        if row is not None:
            flush()
            out.append(Line(row, "row"))
            continue
        if _BULLET.match(line):
            flush()
            paragraph.append(line)
            continue
        if _is_heading(line) and (not paragraph or paragraph[-1].rstrip().endswith((".", ":"))):
            flush()
            out.append(Line(line, "heading"))
            continue
        paragraph.append(line)
    flush()
    return out


_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "br", "tr", "title"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "title"}
_SKIP = {"script", "style", "noscript", "head"}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.cells: list[str] | None = None
        self.cell: list[str] | None = None
        self.skip = 0
        self.heading = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            self.lines.extend(text_lines(text) if not self.heading else [Line(text, "heading")])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "tr":
            self._flush()
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.cell = []
        elif tag in _BLOCKS and self.cell is None:
            self._flush()
            if tag in _HEADINGS:
                self.heading += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell is not None and self.cells is not None:
            self.cells.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.cells is not None:
            cells = [c for c in self.cells if c and c not in ("$", "%")]
            if len(cells) >= 2:
                self.lines.append(Line(CELL_SEPARATOR.join(cells), "row"))
            elif cells:
                self.lines.append(Line(cells[0], "heading" if _is_heading(cells[0]) else "paragraph"))
            self.cells = None
        elif tag in _BLOCKS and self.cell is None:
            self._flush()
            if tag in _HEADINGS:
                self.heading = max(0, self.heading - 1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_lines(html: str) -> list[Line]:
    """HTML (a 6-K exhibit, a Business Wire page): block elements as paragraphs, table rows as cells."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return parser.lines
