"""A clarify option picked by its number or ordinal, in the ward's languages (actions/choice.py)."""
import pytest

from actions.choice import choice_number


@pytest.mark.parametrize("message,expected", [
    ("2", 2), ("２", 2), ("２番", 2), ("2番目", 2), ("二つ目", 2), ("二番", 2), ("3番でお願いします", 3),
    ("1番目のやつ", 1), ("最初の", 1), ("はじめのです", 1), ("the second one", 2), ("number 3", 3), ("#1", 1),
    ("2번", 2), ("두 번째", 2), ("第二个", 2), ("số 2", 2), ("thứ hai", 2), ("o segundo", 2), ("el primero", 1),
    ("pangalawa po", 2), ("दोस्रो", 2), ("3.", 3),
])
def test_a_number_or_ordinal_picks_an_option(message, expected):
    assert choice_number(message, 3) == expected


@pytest.mark.parametrize("message", [
    "4", "0", "2歳の子どもがいます", "子どもは2人です", "4月1日から保育園に入りたい", "300円ですか", "", "はい",
    "住民票を2通ほしいのですが、どこで取れますか",
])
def test_other_messages_are_not_a_choice(message):
    assert choice_number(message, 3) is None


def test_only_offered_options_count():
    assert choice_number("3番", 2) is None and choice_number("2番", 2) == 2 and choice_number("1", 0) is None
