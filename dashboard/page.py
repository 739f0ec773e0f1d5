"""What every page script calls: draw the page model the frame built for it."""

from __future__ import annotations

from dashboard import router
from dashboard.render import render_page


def show(slug: str) -> None:
    """Draw page `slug`; first makes sure the page runs inside the app's frame."""
    router.ensure_frame()
    model, frames = router.current_model(), router.current_frames()
    assert model is not None and frames is not None and model.slug == slug, (slug, model and model.slug)
    render_page(model, frames)
