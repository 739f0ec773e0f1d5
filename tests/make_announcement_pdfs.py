"""Regenerate the PDF fixture announcements from their HTML with Chromium's print to PDF.

    PYTHONPATH=. .venv/bin/python tests/make_announcement_pdfs.py

The PDFs are committed (a few KB each), so the tests need no browser; run this only after editing
an HTML fixture. september_quarter_2025.pdf is set in two columns with a segment table below them.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.harness import launch_browser

HERE = Path(__file__).resolve().parent / "fixtures" / "announcements"
PDFS = {"september_quarter_2025.html": "september_quarter_2025.pdf"}


def main() -> None:
    with sync_playwright() as p:
        browser = launch_browser(p)
        page = browser.new_page()
        for html, pdf in PDFS.items():
            page.goto((HERE / html).as_uri())
            page.pdf(path=str(HERE / pdf), format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
            print(f"wrote {HERE / pdf} ({(HERE / pdf).stat().st_size:,} bytes)")
        browser.close()


if __name__ == "__main__":
    main()
