import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.models import ResourcePage
from tests.factories import make_page


def make_resource(index, document, number=0, **fields):
    fields.setdefault("body", [{"type": "heading", "value": "Feeling short of breath"},
                              {"type": "paragraph", "value": "<p>Sit upright and breathe gently.</p>"}])
    return make_page(index, ResourcePage, title=f"Booklet {number}", slug=f"booklet-{number}",
                     summary="Helping you to recover.", document=document, **fields)


def test_resource_page_links_to_the_file_with_its_type_and_size(client, resource_index, make_document):
    document = make_document(title="Post COVID-19 booklet", content=b"x" * 120 * 1024)
    page = make_resource(resource_index, document)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert f'<a href="{document.url}">Download Post COVID-19 booklet (PDF, 120 KB)</a>' in html
    assert "<h2>Feeling short of breath</h2>" in html
    assert "Sit upright and breathe gently." in html
    assert "read it on this page without downloading a file" in html


def test_resource_page_shows_a_plain_text_version(client, resource_index, make_document):
    page = make_resource(resource_index, make_document(), body=[], text_version="Rest often.\n\nCall 111 if worried.")
    html = client.get(page.url).content.decode()
    assert "<p>Rest often.</p>" in html and "<p>Call 111 if worried.</p>" in html


def test_the_document_is_public(client, resource_index, make_document):
    document = make_document()
    make_resource(resource_index, document)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_index_lists_resources_with_file_type_and_size(client, resource_index, make_document):
    make_resource(resource_index, make_document(content=b"x" * 2048), number=1)
    html = client.get(resource_index.url).content.decode()
    assert '<a class="nhsuk-card__link" href="/publications/resources/booklet-1/">Booklet 1</a>' in html
    assert "PDF, 2 KB, also on the page as text" in html


def test_index_without_resources_says_so(client, resource_index):
    assert "There are no resources here yet." in client.get(resource_index.url).content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_index_queries_do_not_grow_with_the_number_of_resources(client, resource_index, make_document):
    for number in range(3):
        make_resource(resource_index, make_document(title=f"Booklet {number}"), number)
    _queries(client, resource_index.url)  # warm caches
    with_3 = _queries(client, resource_index.url)
    for number in range(3, 30):
        make_resource(resource_index, make_document(title=f"Booklet {number}"), number)
    with_30 = _queries(client, resource_index.url)
    assert with_3 == with_30


@pytest.mark.parametrize("parent_key", ["home", "index"])
def test_page_tree_rules(home_page, resource_index, parent_key):
    from resources.models import ResourceIndexPage

    assert ResourcePage.parent_page_types == ["resources.ResourceIndexPage"]
    assert ResourcePage.subpage_types == []
    assert ResourceIndexPage.subpage_types == ["resources.ResourcePage"]
    parent = home_page if parent_key == "home" else resource_index
    assert ResourcePage.can_create_at(parent) == (parent_key == "index")
