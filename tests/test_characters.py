"""The invisible characters the validator refuses: the class it searches with is
built from a few Unicode planes only, so here every code point is looked at."""

from __future__ import annotations

import unicodedata

from build_tools.characters import HIDDEN_CHARACTERS, hidden_characters


def test_the_hidden_characters_are_every_format_and_control_character_but_tab_and_newline():
    everywhere = {chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) in ("Cf", "Cc")} - {"\t", "\n"}
    assert set(HIDDEN_CHARACTERS) == everywhere
    assert {"\u200b", "\u202e", "\x00", "\u00ad", "\U000e0001"} <= everywhere  # the kinds the planes hold


def test_hidden_characters_finds_each_with_its_position():
    assert hidden_characters("Kupi\u200bansk\u202e") == [(4, "\u200b"), (9, "\u202e")]
    assert hidden_characters("Kupiansk\tlines\n") == []
    assert hidden_characters("tag \U000e0041 here") == [(4, "\U000e0041")]
