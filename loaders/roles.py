"""Which metric plays which part on the pages: a company's capex, its cloud revenue, its group revenue.

The pages name roles, never metric ids; the store says which of a company's metrics plays each role
with a metric's `role:` (docs/store-format.md). Where none of a company's metrics declares a role,
the metric whose id is the role's id plays it, as in stores written before roles were declared: so
a second company takes its place on a page by declaring `role: cloud_revenue` on its own metric,
with no change to Python. The role ids below are the one place a product file's metric words live.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

GROUP_REVENUE = "group_revenue"
GROUP_ADJUSTED_EBITA = "group_adjusted_ebita"
GROUP_OPERATING_CASH_FLOW = "group_operating_cash_flow"
GROUP_FREE_CASH_FLOW = "group_free_cash_flow"
CLOUD_REVENUE = "cloud_revenue"
CLOUD_ADJUSTED_EBITA = "cloud_adjusted_ebita"
CAPEX = "capex"
CAPEX_INCL_FINANCE_LEASES = "capex_incl_finance_leases"
CAPEX_GUIDANCE = "capex_guidance"
CLOUD_GROWTH = "cloud_growth"
AI_PRODUCT_REVENUE = "ai_related_product_revenue"
AI_PRODUCT_SHARE_OF_CLOUD = "ai_related_product_revenue_share_of_external_cloud"
AI_PRODUCT_RUN_RATE = "ai_related_product_revenue_run_rate"
AI_PRODUCT_STREAK = "ai_product_triple_digit_streak"
AI_APP_DOWNLOADS = "qwen_app_downloads"
AI_APP_USERS = "ai_app_monthly_users"
AI_MODEL_DOWNLOADS = "qwen_model_downloads"

# every role a metric may declare, with the words a message about it uses
METRIC_ROLES: dict[str, str] = {
    GROUP_REVENUE: "group revenue",
    GROUP_ADJUSTED_EBITA: "group adjusted EBITA",
    GROUP_OPERATING_CASH_FLOW: "group operating cash flow",
    GROUP_FREE_CASH_FLOW: "group free cash flow",
    CLOUD_REVENUE: "cloud revenue",
    CLOUD_ADJUSTED_EBITA: "cloud adjusted EBITA",
    CAPEX: "capital expenditure",
    CAPEX_INCL_FINANCE_LEASES: "capital expenditure including finance leases",
    CAPEX_GUIDANCE: "guidance for a year's capital expenditure",
    CLOUD_GROWTH: "stated growth of the cloud business where no amount is stated",
    AI_PRODUCT_REVENUE: "AI-related product revenue",
    AI_PRODUCT_SHARE_OF_CLOUD: "AI-related product revenue as a share of external cloud revenue",
    AI_PRODUCT_RUN_RATE: "AI-related product revenue as an annualised run-rate",
    AI_PRODUCT_STREAK: "quarters of triple-digit growth in AI-related product revenue",
    AI_APP_DOWNLOADS: "downloads of the company's consumer AI app",
    AI_APP_USERS: "monthly active users of the company's consumer AI app",
    AI_MODEL_DOWNLOADS: "downloads of the company's open AI models",
}


def resolve_roles(declared: Mapping[str, str | None], company_of: Mapping[str, str]) -> dict[str, str | None]:
    """Each metric's role: the one it declares, else its own id where that is a role no metric of its
    company declares. `declared` maps metric id to its `role:`, `company_of` metric id to its company."""
    taken = {(company_of[m], r) for m, r in declared.items() if r is not None}
    return {
        m: r if r is not None else (m if m in METRIC_ROLES and (company_of[m], m) not in taken else None)
        for m, r in declared.items()
    }


def metric_for_role(obs: pd.DataFrame, role: str, company: str | None = None) -> str:
    """The id of the metric playing `role` for `company` (the default subject where None) in a frame of
    observations or metrics; the role's own id where no metric plays it, so a lookup finds no rows."""
    if obs.empty or "role" not in obs:
        return role
    # masks over the few columns read, never a selection of the whole (wide) frame: pages ask this often
    wanted = obs["role"].to_numpy() == role
    if company is None:
        if "default_subject" in obs:
            wanted &= obs["default_subject"].to_numpy().astype(bool)
    else:
        wanted &= obs["company"].to_numpy() == company
    found = obs["metric"].to_numpy()[wanted]
    return str(found[0]) if len(found) else role
