import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate limits and used TOTP codes live in the cache: start each test afresh."""
    cache.clear()
    yield
    cache.clear()
