"""Which value is shown when several sources state a figure: the source-authority rule, in one place.

Every source carries a `grade`:

1. a company's own release or filing, or a verbatim copy of it (the copy's host named);
2. major news outlets and financial data services;
3. other sites;
4. machine-written summaries and AI-written newsletters.

For one metric, period and basis, values that are the same figure at another precision
(26.5 and 26.549) are *rounding twins*: one figure. Between figures that differ, the best grade
among each figure's sources decides, then the newest of those sources. Within the winning figure
the most exact value stated by a grade 1–3 source is shown, and every source stating the figure
is cited with it, best grade first. A grade-4 value is shown only where no grade 1–3 source
states the figure, and is then marked as machine-written.

Nothing is dropped: every value stays in the frames, with its figure number (0 for the shown
figure), so disagreements stay visible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# the words a reader sees for each grade: generic, since the store may hold more than one company
GRADES: dict[int, str] = {
    1: "company release or filing",
    2: "major outlet or data service",
    3: "other site",
    4: "machine-written",
}
# the same words counting several sources ("12 company releases or filings")
GRADE_PLURALS: dict[int, str] = {
    1: "company releases or filings",
    2: "major outlets or data services",
    3: "other sites",
    4: "machine-written",
}
GRADE_IDS: tuple[int, ...] = tuple(GRADES)
MACHINE_WRITTEN = 4


def grade_label(grade: int) -> str:
    return GRADES.get(int(grade), f"grade {grade}")


def grade_order(joiner: str = ", then ") -> str:
    """The grades best first, as a sentence about the rule names them: "company release or filing, then ..."."""
    return joiner.join(GRADES.values())


def decimals(value: float) -> int:
    """How many decimals a stored value is written with (26.549 -> 3, 26.5 -> 1, 380 -> 0)."""
    text = format(float(value), ".12g")
    if "e" in text or "." not in text:
        return 0
    return len(text.split(".", 1)[1])


def are_twins(a: float, b: float) -> bool:
    """The same figure at another precision: the less exact value is the other one rounded."""
    coarse, fine = (a, b) if decimals(a) <= decimals(b) else (b, a)
    step = 10.0 ** -decimals(coarse)
    return abs(fine - coarse) <= step / 2 + 1e-9


@dataclass(frozen=True)
class Claim:
    """One stated value, with what the rule needs to know about its source."""

    value: float
    grade: int
    published: int  # ordinal date of the source
    line: int  # where it stands in the store, the last tie-break
    index: int  # the caller's handle


@dataclass(frozen=True)
class Ruling:
    preferred: int  # index of the claim whose value is shown
    figure_of: dict[int, int]  # claim index -> figure number, 0 being the shown figure
    cited_by: dict[int, tuple[int, ...]]  # figure number -> claim indices stating it, best grade first
    machine_only: bool  # the shown figure is stated only by grade-4 sources


def _figures(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Group claims into figures: each joins the first figure one of whose values it twins."""
    figures: list[list[Claim]] = []
    for claim in sorted(claims, key=lambda c: -decimals(c.value)):
        for figure in figures:
            if any(are_twins(claim.value, other.value) for other in figure):
                figure.append(claim)
                break
        else:
            figures.append([claim])
    return figures


def distinct_figures(values: Sequence[float]) -> int:
    """How many different figures the values are, rounding twins counted once (80.1 and 80 are one; 87 another)."""
    return len(_figures([Claim(float(v), 0, 0, 0, i) for i, v in enumerate(values)]))


def _citation_order(claim: Claim) -> tuple[int, int, int]:
    return (claim.grade, -claim.published, claim.line)


def rule(claims: Sequence[Claim], newest_first: bool = False) -> Ruling:
    """Apply the rule to the claims of one metric, period and basis (at least one claim).

    `newest_first` is for a company's guidance, whose figures are revisions of one another: the newest
    statement is shown whatever its grade, unless only machine-written pages state it."""
    figures = _figures(claims)

    def figure_rank(figure: list[Claim]) -> tuple[int, ...]:
        best = min(figure, key=_citation_order)
        if newest_first:
            human = [c.published for c in figure if c.grade < MACHINE_WRITTEN]
            return (0 if human else 1, -max(human or [c.published for c in figure]), *_citation_order(best))
        return _citation_order(best)

    figures.sort(key=figure_rank)
    shown = figures[0]
    human = [c for c in shown if c.grade < MACHINE_WRITTEN]
    pool = human or shown
    preferred = min(pool, key=lambda c: (-decimals(c.value), *_citation_order(c)))
    return Ruling(
        preferred=preferred.index,
        figure_of={c.index: n for n, figure in enumerate(figures) for c in figure},
        cited_by={n: tuple(c.index for c in sorted(figure, key=_citation_order)) for n, figure in enumerate(figures)},
        machine_only=not human,
    )
