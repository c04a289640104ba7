from base.models import ContactPage, NewsPage, SectionIndexPage, StandardPage
from tests.factories import make_page


def test_home_page_shows_latest_news(client, home_page):
    news = make_page(home_page, SectionIndexPage, title="News", slug="news")
    make_page(news, NewsPage, title="NHS Confederation visit", slug="visit", date="2023-06-01",
              summary="The chief executive saw our care navigation centre.")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Latest news" in html
    assert "NHS Confederation visit" in html
    assert 'class="nhsuk-skip-link"' in html


def test_standard_page_renders_body_blocks(client, home_page):
    page = make_page(home_page, StandardPage, title="About us", slug="about",
                     body=[{"type": "heading", "value": "Our partners"},
                           {"type": "paragraph", "value": "<p>Six organisations work together.</p>"}])
    response = client.get(page.url)
    assert response.status_code == 200
    assert "<h2>Our partners</h2>" in response.content.decode()
    assert "Six organisations work together." in response.content.decode()


def test_unknown_address_gets_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_robots_and_sitemap(client, home_page):
    make_page(home_page, StandardPage, title="About us", slug="about")
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "/about/" in sitemap.content.decode()


def test_search_groups_results_by_type(client, home_page):
    make_page(home_page, StandardPage, title="Respiratory pathway", slug="respiratory", summary="Breathing support")
    news = make_page(home_page, SectionIndexPage, title="News", slug="news")
    make_page(news, NewsPage, title="Respiratory workshop news", slug="resp-news", date="2020-11-01")
    response = client.get("/search/", {"q": "respiratory"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h3 id="group-1" class="nhsuk-heading-s">Pages</h3>' in html  # plain English, not model names
    assert "Standard pages" not in html and "News pages" not in html
    assert "Respiratory workshop news" in html and "1 November 2020" in html


def test_contact_form_errors_keep_what_was_typed(client, home_page):
    contact = make_page(home_page, ContactPage, title="Contact us", slug="contact")
    response = client.post(contact.url, {"name": "Sam", "email": "not-an-address", "subject": "", "message": "Hello"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter an e-mail address in the right format" in html
    assert "Enter what your message is about" in html
    assert "Tick the box to agree" in html
    assert 'value="Sam"' in html
    assert "Hello</textarea>" in html


def test_public_pages_set_no_cookies(client, home_page):
    """Only essential cookies, so no cookie banner: a visitor reading pages gets none."""
    response = client.get("/")
    assert response.cookies == {}
    response = client.get("/search/", {"q": "care"})
    assert response.cookies == {}


def test_server_error_page_is_plain_and_helpful(rf):
    from base.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert 'href="#maincontent"' in html


def test_comms_approver_can_create_and_publish_a_page(client, home_page):
    from tests.factories import UserFactory

    editor = UserFactory(groups=["Comms team", "Comms approvers"], mfa=True)
    client.force_login(editor)
    add_url = f"/admin/pages/add/base/standardpage/{home_page.pk}/"
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, {
        "title": "Get involved", "slug": "get-involved", "body-count": "0", "summary": "Ways to take part.",
        "action-publish": "action-publish",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(slug="get-involved")
    assert page.live
    assert client.get(page.url).status_code == 200
