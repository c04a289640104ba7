"""Newsletter models, one module per concern: the pages (archive, issue, sign-up), mailing lists
with their subscribers, and campaigns that send an issue to a list."""
from .campaigns import NewsletterCampaign
from .pages import NewsletterIndexPage, NewsletterIssuePage, NewsletterSignupPage
from .subscriptions import MailingList, Subscriber, Subscription

__all__ = [
    "MailingList", "NewsletterCampaign", "NewsletterIndexPage", "NewsletterIssuePage", "NewsletterSignupPage",
    "Subscriber", "Subscription",
]
