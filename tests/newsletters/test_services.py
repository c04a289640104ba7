import pytest

from newsletters.services import selected_year


@pytest.mark.parametrize(("value", "expected"), [
    ("2020", 2020), (" 2021 ", 2021), (2020, 2020),
    ("1999", None), ("abc", None), ("", None), (None, None), ("2020.5", None), ("20 20", None),
])
def test_selected_year_is_one_with_issues_or_none(value, expected):
    assert selected_year(value, [2021, 2020]) == expected
