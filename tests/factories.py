"""Factories for the tests. Pages are made with base.publishing.publish_page, like the demo."""
import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page

from base.models import ContactMessage, HomePage
from base.publishing import publish_page, set_site_root


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@walsallhealthcare.nhs.uk")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            for name in names:
                self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"verified": True, "primary": True})

    @factory.post_generation
    def mfa(self, create, enabled, **kwargs):
        """UserFactory(mfa=True): the user has finished setting up an authenticator app."""
        if create and enabled:
            activate_totp(self)


def activate_totp(user):
    """Give `user` an activated authenticator app (TOTP), as after MFA set-up."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactMessage

    name = "Sam Resident"
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    subject = "A question"
    message = "When is the next workshop?"


def ensure_wagtail_roots():
    """The root page and root collection come from Wagtail's data migrations, which a
    transactional (browser) test's flush removes; put them back when they are missing."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


def make_home_page(**fields):
    """A published home page at the root of the default site."""
    root = ensure_wagtail_roots()
    fields.setdefault("title", "Walsall Together")
    home = publish_page(root, HomePage, slug="walsall-together", **fields)
    set_site_root(home)
    return home


def make_page(parent, page_class, **fields):
    """Create and publish a page of any type under `parent`."""
    fields.setdefault("title", page_class._meta.verbose_name.capitalize())
    slug = fields.pop("slug", None) or factory.Faker("slug").evaluate(None, None, {"locale": None})
    return publish_page(parent, page_class, slug=slug, **fields)
