"""Going through question pages (base.question_pages) with the Django test client."""


def answer_question_pages(client, url, step_at, payload, each=None, most=50):
    """Post each question page in turn from `url`, following where the site sends the person next,
    while `step_at(url)` names a step; `payload(step)` is what its page posts and `each(response)`
    is called on every answer. Returns the page after the last question (the check page), or the
    first page that did not move on (errors, or booking closed)."""
    for _ in range(most):
        step = step_at(url)
        if step is None:
            break
        response = client.post(url, payload(step))
        if each:
            each(response)
        if response.status_code != 302:
            return response
        url = response["Location"]
    return client.get(url)
