"""The folding of ``modgraph.search.analysis`` against its definition (lower case, then ä ö ü ß spelt out)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from modgraph.search.analysis import fold, fold_indexed

#: the definition the faster code must keep (the table it replaced)
_TABLE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def _by_table(text: str) -> str:
    return text.lower().translate(_TABLE)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAäÄöÖüÜßẞeE -İıΣσςǅ\u0307"), max_size=40))
def test_fold_equals_the_table_on_german_and_tricky_letters(text):
    assert fold(text) == _by_table(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60))
def test_fold_equals_the_table_on_any_text(text):
    assert fold(text) == _by_table(text)


def test_fold_spells_out_every_german_letter():
    assert fold("ÄÖÜẞ äöüß Straße") == "aeoeuess aeoeuess strasse"


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from("aäEß-1_ x"), max_size=30))
def test_fold_indexed_with_and_without_hyphens_equals_the_substitution(text):
    from modgraph.search.analysis import _PREFIXED

    assert fold_indexed(text) == _PREFIXED.sub(r"\1-\2 \1\2", _by_table(text))
