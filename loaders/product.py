"""The product's own name and the company it is about, as titles and file names write them: the one place
they are typed. What the store says about a company (its name, its fiscal year, its currency) comes from
the store; these are the words of the product itself, whose pages are about its default subject."""

from __future__ import annotations

PRODUCT = "Alibaba AI strategy in numbers"
# the default subject as the product's titles and sentences name it ("Alibaba's AI strategy in numbers")
SUBJECT = "Alibaba"
# its cloud business, as the cloud page's title names it
CLOUD_BUSINESS = "Alibaba Cloud"
# how the product's downloaded files begin: alibaba-ai-metrics-all.csv
FILE_PREFIX = "alibaba-ai"
