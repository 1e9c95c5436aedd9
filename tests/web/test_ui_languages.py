"""The languages ``?lang=`` accepts are exactly those the UI strings exist in."""

from modgraph.web.page_context import Lang
from modgraph.web.ui import LANGUAGES, UI


def test_lang_parameter_matches_the_ui_strings():
    assert {lang.value for lang in Lang} == set(LANGUAGES) == set(UI)
