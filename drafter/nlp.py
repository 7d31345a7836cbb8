"""The NLP layer, loaded only when a command needs it (it costs seconds to start).

spaCy's blank Chinese pipeline with the jieba segmenter gives the tokens; a small component puts
jieba's dictionary part-of-speech tag on each token; spaCy's ``Matcher`` then does what rules on
tokens do best: find paired four-character headings (统一思想，提高认识) and names to turn into
slots (县纪委监委 → {{单位}}, 甘州 → {{地区}}). The rules are data: ``data/slots.toml``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .numbering import ARABIC_DIGITS, CN_DATE_DIGITS
from .resources import load_toml

# Placeholders and years are found on characters first and stand in the text as private-use
# characters, which jieba keeps as tokens of their own; they become {{slots}} at the end.
_PRIVATE = {"年份": "\ue001", "姓名": "\ue002", "地区": "\ue003", "单位": "\ue004", "数字": "\ue005"}
_FROM_PRIVATE = {v: "{{%s}}" % k for k, v in _PRIVATE.items()}


def _char_rules(titles: list[str]) -> list[tuple[re.Pattern, str]]:
    """Years, anonymised names (before a title word of slots.toml), lone X and numbers."""
    before_title = "|".join(map(re.escape, sorted(titles, key=len, reverse=True)))
    return [
        (re.compile(rf"(?:19|20)[0-9]{{2}}年|20[xXＸ×]{{2}}年|二[〇○零][{CN_DATE_DIGITS}]{{2}}年"), _PRIVATE["年份"]),
        (re.compile(rf"(?:\*{{2,}}|[XＸ]{{1,3}}|某某)(?={before_title})"), _PRIVATE["姓名"]),
        (re.compile(r"(?<![A-Za-z])[XＸ](?=[\u4e00-\u9fff])"), _PRIVATE["地区"]),
        (re.compile(rf"[{ARABIC_DIGITS}]+(?:\.[0-9]+)?"), _PRIVATE["数字"]),
    ]


_UNSLOTTABLE = re.compile(r"\*{2,}|[XＸ]{2,}|某某|×{2,}")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_HALF_PUNCT = re.compile(r"(?<=[\u4e00-\u9fff”）》\ue000-\uf8ff])[,;:!?]")


@dataclass
class Analysis:
    """What the NLP layer makes of one phrase: its slotted text (None when a name could not be
    slotted) and the paired four-character headings it contains."""

    slotted: str | None
    pairs: list[str]


_pipeline = None


def pipeline():
    """The spaCy pipeline (built once, on first use)."""
    global _pipeline
    if _pipeline is None:
        _pipeline = _Pipeline()
    return _pipeline


class _Pipeline:
    def __init__(self):
        import jieba
        import jieba.posseg
        import spacy
        from spacy.language import Language
        from spacy.matcher import Matcher

        jieba.setLogLevel(logging.WARNING)
        rules = load_toml("slots.toml")
        tags = jieba.posseg.dt.word_tag_tab

        if not Language.has_factory("jieba_tags"):
            @Language.component("jieba_tags")
            def jieba_tags(doc):
                for token in doc:
                    token.tag_ = tags.get(token.text, "x")
                return doc

        self.char_rules = _char_rules(rules["titles"])
        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        self.nlp.add_pipe("jieba_tags")
        vocab = self.nlp.vocab
        region, cores = rules["region_chars"], rules["org_cores"]
        place = {"TAG": "ns", "TEXT": {"NOT_IN": rules["keep_places"], "REGEX": "^[^全我本各该]"}}
        self.slots = Matcher(vocab)
        self.slots.add("单位", [
            [{"TEXT": {"IN": region}}, {"TEXT": {"IN": cores}, "OP": "+"}],
            [place, {"TEXT": {"IN": cores}, "OP": "+"}],
            [{"TEXT": {"REGEX": f"^[{''.join(region)}]({'|'.join(cores)})$"}}, {"TEXT": {"IN": cores}, "OP": "*"}],
            [{"TAG": "nt"}],
        ])
        self.slots.add("地区", [[place]])
        self.slots.add("姓名", [[{"TAG": "nr"}, {"TEXT": {"IN": rules["titles"]}}]])
        clause_one = [{"LENGTH": 4, "TAG": {"IN": rules["four_char_tags"]}}]
        clause_two = [{"LENGTH": 2, "TAG": {"IN": rules["verb_tags"]}},
                      {"LENGTH": 2, "TAG": {"IN": rules["object_tags"]}}]
        comma = [{"TEXT": {"IN": ["，", ","]}}]
        self.pairs = Matcher(vocab)
        self.pairs.add("PAIR", [a + comma + b for a in (clause_one, clause_two) for b in (clause_one, clause_two)])

    def analyse(self, texts: list[str]) -> list[Analysis]:
        """Slot names and find heading pairs in many short texts at once."""
        prepared = [_prepare(t, self.char_rules) for t in texts]
        return [self._one(doc) for doc in self.nlp.pipe(prepared, batch_size=256)]

    def _one(self, doc) -> Analysis:
        spans = []
        for match_id, start, end in self.slots(doc):
            label = self.nlp.vocab.strings[match_id]
            if label == "姓名":
                end = start + 1  # the name, not its title
            spans.append(_Span(start, end, label))
        chosen = _longest(spans)
        out, i = [], 0
        for span in chosen:
            out.append(doc[i:span.start].text if i < span.start else "")
            out.append(_PRIVATE[span.label])
            i = span.end
        out.append(doc[i:].text if i < len(doc) else "")
        text = "".join(out)
        if _UNSLOTTABLE.search(text):
            slotted = None
        else:
            slotted = _HALF_PUNCT.sub(lambda m: _HALF_TO_FULL[m.group()], text)
            for char, slot in _FROM_PRIVATE.items():
                slotted = slotted.replace(char, slot)
        pairs = []
        for _, start, end in self.pairs(doc):
            before = doc[start - 1].text if start else "，"
            after = doc[end].text if end < len(doc) else "，"
            if _is_boundary(before) and _is_boundary(after):
                pair = doc[start:end].text.replace(",", "，")
                if not any(ch in pair for ch in _FROM_PRIVATE):
                    pairs.append(pair)
        return Analysis(slotted, pairs)


@dataclass
class _Span:
    start: int
    end: int
    label: str


def _longest(spans: list[_Span]) -> list[_Span]:
    """Non-overlapping spans, longer ones first (县纪委监委 as one 单位, not 县 + 纪委)."""
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _is_boundary(text: str) -> bool:
    return bool(re.fullmatch(r"[，,。；;：:！!？?、\s]+", text))


def _prepare(text: str, rules: list[tuple[re.Pattern, str]]) -> str:
    for pattern, char in rules:
        text = pattern.sub(char, text)
    return text
