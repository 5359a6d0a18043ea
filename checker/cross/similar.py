"""Sentences compared across reports: the same sentence, or nearly (a few words or the numbers
changed), found by the character bigrams two sentences share, confirmed by difflib's ratio."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

_NOT_WORD = re.compile(r"[\s\W_]+")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def plain(sentence: str) -> str:
    """The sentence without spaces and punctuation: what copying keeps."""
    return _NOT_WORD.sub("", sentence)


def masked(sentence: str) -> str:
    """…and with every number one symbol: a sentence copied with this year's numbers put in."""
    return _DIGITS.sub("#", plain(sentence))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class Corpus:
    """Last year's sentences, to ask of each of this year's: is it one of them, or nearly?"""

    def __init__(self, sentences: Iterable[str]):
        self.texts = list(dict.fromkeys(masked(s) for s in sentences))
        self.exact = set(self.texts)
        self.index: dict[str, list[int]] = {}
        # answers already given: copies of one report in a batch ask the same
        self.answers: dict[tuple[str, float], bool] = {}
        for i, text in enumerate(self.texts):
            for gram in _bigrams(text):
                self.index.setdefault(gram, []).append(i)

    def has_near(self, sentence: str, similarity: float) -> bool:
        text = masked(sentence)
        asked = (text, similarity)
        if asked not in self.answers:
            self.answers[asked] = self._has_near(text, similarity)
        return self.answers[asked]

    def _has_near(self, text: str, similarity: float) -> bool:
        if text in self.exact:
            return True
        grams = _bigrams(text)
        if not grams:
            return False
        shared = Counter(i for gram in grams for i in self.index.get(gram, ()))
        for i, count in shared.most_common(3):
            other = self.texts[i]
            # the bigrams shared bound the ratio from above: skip what cannot reach it
            if 2 * count / (len(grams) + len(_bigrams(other))) < similarity * 0.8:
                break
            if SequenceMatcher(None, text, other, autojunk=False).ratio() >= similarity:
                return True
        return False
