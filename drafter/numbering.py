"""The numbering grammar: marker styles, numerals and the patterns that find markers.

This is the only module that knows how a marker is written. The styles themselves are data
(``data/numbering.toml``); this module turns them into regular expressions and back into text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .resources import load_toml

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
_CN_CHARS = "一二三四五六七八九十百零〇"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_TO_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# Character classes for other modules' patterns (each goes inside [...]): the grammar's numerals
# are spelt out here only.
CN_NUMERAL_CHARS = _CN_CHARS
"""Characters of a Chinese ordinal (一 … 十 百 零 〇)."""
CN_DATE_DIGITS = "一二三四五六七八九十〇○零"
"""Characters of a date written in Chinese numerals (二〇二六年三月五日)."""
CN_COUNT_CHARS = "一二三四五六七八九十两"
"""Characters of a count in running text (三点, 两个方面)."""
ARABIC_DIGITS = "0-9０-９"
"""ASCII and full-width Arabic digits, as a range for a character class."""


@dataclass(frozen=True)
class Style:
    """One numbering scheme, as declared in ``data/numbering.toml``."""

    name: str
    family: str
    rank: int
    numeral: str
    template: str
    words: tuple[str, ...] = ()
    punct: tuple[str, ...] | None = None
    punct_codes: dict[str, str] = field(default_factory=dict)
    punct_default: str = ""
    brackets: str = ""
    fullwidth: str = ""
    digits: str = ""
    spaced: str = ""

    @property
    def is_heading(self) -> bool:
        """True for headings, chapters and articles; False for speech enumerations."""
        return self.family != "enumeration"

    @property
    def is_word_series(self) -> bool:
        """True for a series written in words (首先…其次…最后) rather than numerals."""
        return self.numeral == "words"


def _load_styles() -> dict[str, Style]:
    styles = {}
    for entry in load_toml("numbering.toml")["style"]:
        entry = dict(entry)
        entry["words"] = tuple(entry.get("words", ()))
        if "punct" in entry:
            entry["punct"] = tuple(entry["punct"])
        styles[entry["name"]] = Style(**entry)
    return styles


STYLES: dict[str, Style] = _load_styles()
HEADING_STYLES: tuple[str, ...] = tuple(
    s.name for s in sorted(STYLES.values(), key=lambda s: s.rank) if s.family == "heading")
"""The four heading levels of a 公文 body, largest first (一、（一）1.（1）)."""
ENUMERATION_STYLES: tuple[str, ...] = tuple(s.name for s in STYLES.values() if s.family == "enumeration")
"""The speech enumerations (一是, 一要, 第一, 首先)."""
BEYOND_HEADINGS = "第一"
"""How a drafted 公文 numbers a level below （1）: the enumeration 第一，第二，."""
_WORD_STYLE = next(s for s in STYLES.values() if s.is_word_series)
SEQUENCE_WORDS = _WORD_STYLE.words  # 首先 其次 再次 最后
CHAPTER_STYLES: tuple[str, ...] = tuple(s.name for s in STYLES.values() if s.family == "chapter")
ARTICLE_STYLES: tuple[str, ...] = tuple(s.name for s in STYLES.values() if s.family == "article")
TOP_HEADING_STYLES: tuple[str, ...] = CHAPTER_STYLES + HEADING_STYLES[:1]
"""Styles whose headings stand on a line of their own (章, 节 and 一、)."""


def group(style: str) -> str:
    """The family a series is judged in: each heading style on its own, all enumerations as one
    (so that 一是…第二，… is seen as one mixed series)."""
    return style if STYLES[style].is_heading else "enumeration"


def is_word_series(style: str) -> bool:
    """Is ``style`` a series written in words (首先…其次…最后)?"""
    return STYLES[style].is_word_series


def is_article(style: str) -> bool:
    """Is ``style`` a numbered article (第一条) of a normative text?"""
    return STYLES[style].family == "article"


def heading_level(style: str) -> int | None:
    """The outline level (1–4) a heading of ``style`` has in an exported .docx: 一、 is 1,
    （一） 2, 1. 3, （1） 4; chapters and sections are 1; articles and enumerations have none."""
    spec = STYLES[style]
    if spec.family == "chapter":
        return 1
    if spec.family == "heading":
        return HEADING_STYLES.index(style) + 1
    return None


def last_word(style: str, n: int, count: int) -> bool:
    """Does item ``n`` of a ``count``-item series of ``style`` take the series' last word?
    Only a word series does, and only where it has run out of ordinal words (首先 其次 再次 最后:
    the fourth of four is 最后; the third of three stays 再次)."""
    return is_word_series(style) and n == count and n > len(STYLES[style].words) - 1


def series_marker(style: str, n: int, count: int) -> str:
    """The marker of item ``n`` in a series of ``count`` items of ``style``."""
    return format_marker(style, n, last=last_word(style, n, count))


def has_fullwidth_digit(text: str) -> bool:
    """Does ``text`` contain a full-width digit (０–９)?"""
    return any("０" <= ch <= "９" for ch in text)


def to_fullwidth_digits(text: str) -> str:
    """ASCII digits turned into full-width ones (Word's ``decimalFullWidth`` labels)."""
    return text.translate(_TO_FULLWIDTH)


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 一, 十二, 二十, 一百零五; None when malformed."""
    if not text:
        return None
    if all(ch in CN_DIGITS for ch in text):
        if len(text) == 1:
            return CN_DIGITS[text] or None
        return None  # 一二 is a list of digits, not an ordinal
    total, digit = 0, None
    last_unit = 1000
    for ch in text:
        if ch in CN_DIGITS:
            if digit:  # two digits in a row (一二) only after 零 (一百零一)
                return None
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit or (digit is None and unit != 10):
                return None  # 百 needs its digit (一百); only 十 stands alone (十一)
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit:
        total += digit
    return total or None


def int_to_cn(n: int) -> str:
    """Chinese numeral for 1 ≤ n ≤ 999 the way documents write ordinals (十一, 二十, 一百零一)."""
    if not 0 < n < 1000:
        raise ValueError(f"numeral out of range: {n}")
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out


def arabic_to_int(text: str) -> int:
    """Value of ASCII or full-width Arabic digits."""
    return int(text.translate(_FULLWIDTH_DIGITS))


def format_marker(style: str, n: int, last: bool = False, like: str = "") -> str:
    """The canonical marker for item ``n`` of ``style`` (``last`` picks 最后 for 首先 series).

    ``like`` is how the series writes its markers, for a style with more than one right form:
    a circled series written 1）2） goes on as 3）, not ③."""
    spec = STYLES[style]
    if spec.numeral == "circled":
        if _DIGIT_AFTER.match(like) or not 0 < n <= 20:  # ③ is a digit to str.isdigit, not here
            return f"{n}{like[-1] if like[-1:] in (')', '）') else '）'}"
        return chr(0x2460 + n - 1)
    if spec.numeral == "words":
        if last and n > 1:
            word = spec.words[-1]
        elif n <= len(spec.words) - 1:
            word = spec.words[n - 1]
        else:
            raise ValueError(f"a {style} series has no word for item {n}")
        return spec.template.format(n=word)
    numeral = str(n) if spec.numeral == "arabic" else int_to_cn(n)
    return spec.template.format(n=numeral)


# --- Finding markers -------------------------------------------------------------------------

@dataclass(slots=True)
class MarkerMatch:
    """A marker found in a paragraph: where it is, its style and number as written.

    ``number`` is None for 最后 (its number is the series' next one). ``punct`` is the punctuation
    written after the numeral (or inside brackets the brackets themselves, see ``brackets``).
    """

    style: str
    number: int | None
    marker: str
    start: int
    end: int
    inline: bool
    punct: str = ""
    brackets: str = ""
    glued_digit: bool = False  # an Arabic marker directly followed by a digit (20.2026年…)
    number_list: bool = False  # 一、二季度: the numeral starts a list of numbers, not a heading
    loose: bool = False  # 第12条, 第 一 章: a chapter or article written in a non-standard form


_CN = f"[{_CN_CHARS}]{{1,5}}"
_DIG = "[0-9０-９]{1,3}"
_NOT_CN_NUMERAL = f"(?![{_CN_CHARS}])"  # 第一、二批 is a list of numbers
_BOUNDARY_CHARS = "。；;：:！!？?，,"
_BOUNDARY = f"[{_BOUNDARY_CHARS}]"
_SPACE = "[ \t\u3000\u00a0\u2002\u2003]"
_GAP = f"{_SPACE}{{0,2}}"  # 第 一 章: letter-spaced chapter and article markers
_CIRCLED = "\u2460-\u2473"  # ①…⑳

# One alternative per written shape; the outer group name says which shape matched.
_SHAPES = {
    "chapter": rf"(?P<chapter>第{_GAP}(?:(?P<chapter_n>{_CN})|(?P<chapter_d>{_DIG})){_GAP}"
               rf"(?P<chapter_k>[章节])(?![的中里])(?P<chapter_p>))",
    "article": rf"(?P<article>第{_GAP}(?:(?P<article_n>{_CN})|(?P<article_d>{_DIG})){_GAP}条"
               rf"(?=$|{_SPACE}|[^的中规款项之第，。、]))",
    "cn": rf"(?P<cn>(?P<cn_n>{_CN})(?P<cn_p>[、.．，,：:])(?![、，,]))",
    "pcn": rf"(?P<pcn>(?P<pcn_o>[（(])(?P<pcn_n>{_CN})(?P<pcn_c>[）)])(?P<pcn_p>[、.．]?))",
    "ar": rf"(?P<ar>(?P<ar_n>{_DIG})(?P<ar_p>[.．、，,])(?![%％]))",
    "par": rf"(?P<par>(?P<par_o>[（(])(?P<par_n>{_DIG})(?P<par_c>[）)])(?P<par_p>[、.．]?))",
    "shi": rf"(?P<shi>(?P<shi_n>{_CN})(?P<shi_k>[是要])(?!(?P=shi_n)[，、,。])(?P<shi_p>[，,：:]?))",
    "di": rf"(?P<di>第(?P<di_n>{_CN})(?P<di_p>[，,、：:]){_NOT_CN_NUMERAL}(?!第))",
    "ecn": r"(?P<ecn>[\u3220-\u3229])",  # ㈠…㈩, one character each
    "ear": r"(?P<ear>[\u2474-\u2487])",  # ⑴…⒇
    "circ": rf"(?P<circ>[{_CIRCLED}])",
    "rpar": rf"(?P<rpar>(?P<rpar_n>{_DIG})(?P<rpar_c>[）)]))",  # 1） 1): one bracket only
    # 再次/最后 are ordinary words too (“再次向世界呈现”): as markers they take a comma or 要/是
    "seq": r"(?P<seq>(?P<seq_w>首先|(?:其次|再次|最后)(?=[，,：:要是]))(?P<seq_p>[，,：:]?))",
}

_ORDER = ("chapter", "article", "pcn", "par", "ecn", "ear", "circ", "di", "shi", "seq", "cn", "rpar", "ar")
_START_RE = re.compile("|".join(_SHAPES[k] for k in _ORDER))
# Inline candidates: a clause boundary or white space, followed by a character that can start a
# marker. Plain prose rarely matches this fast pattern, so the full shapes above are
# tried only at a few places per paragraph.
_INLINE_HIT = re.compile(  # one character class first: the regex engine then scans fast
    rf"[。；;：:！!？?，, \t\u3000\u00a0\u2002\u2003]{_SPACE}*"
    rf"[（(第首其再最{_CN_CHARS}0-9０-９\u3220-\u3229\u2474-\u2487{_CIRCLED}]"
)
_DIGIT_AFTER = re.compile(f"[{ARABIC_DIGITS}]")


def _build(m: re.Match, inline: bool, offset: int = 0) -> MarkerMatch | None:
    kind = m.lastgroup or ""
    g = m.group
    start, end = m.start(kind), m.end(kind)
    marker = g(kind)
    punct, brackets, glued = "", "", False
    number_list = loose = False
    if kind in ("chapter", "article"):
        if kind == "article":
            style = "第一条"
        else:
            style = "第一章" if g("chapter_k") == "章" else "第一节"
        digits = g(kind + "_d")
        number = arabic_to_int(digits) if digits else cn_to_int(g(kind + "_n"))
        loose = bool(digits) or len(marker) != len(g(kind + "_n") or "") + 2
    elif kind == "cn":
        style, number, punct = "一、", cn_to_int(g("cn_n")), g("cn_p")
        number_list = number is not None and _starts_number_list(m.string, end, number)
    elif kind == "pcn":
        style, number = "（一）", cn_to_int(g("pcn_n"))
        brackets, punct = g("pcn_o") + g("pcn_c"), g("pcn_p")
    elif kind == "ar":
        style, number, punct = "1.", arabic_to_int(g("ar_n")), g("ar_p")
        glued = bool(_DIGIT_AFTER.match(m.string, end))
        if glued and punct not in ".．":
            return None  # 1、2 or 1，2 is a list of numbers
    elif kind == "par":
        style, number = "（1）", arabic_to_int(g("par_n"))
        brackets, punct = g("par_o") + g("par_c"), g("par_p")
    elif kind == "ecn":
        style, number, brackets = "（一）", ord(marker) - 0x3220 + 1, marker
    elif kind == "ear":
        style, number, brackets = "（1）", ord(marker) - 0x2474 + 1, marker
    elif kind == "circ":
        style, number = "①", ord(marker) - 0x2460 + 1
    elif kind == "rpar":
        style, number, brackets = "①", arabic_to_int(g("rpar_n")), g("rpar_c")
    elif kind == "shi":
        style = "一是" if g("shi_k") == "是" else "一要"
        number, punct = cn_to_int(g("shi_n")), g("shi_p")
    elif kind == "di":
        style, number, punct = "第一", cn_to_int(g("di_n")), g("di_p")
    else:  # seq
        word = g("seq_w")
        style, punct = "首先", g("seq_p")
        number = None if word == "最后" else SEQUENCE_WORDS.index(word) + 1
    if number is None and style != "首先":
        return None
    return MarkerMatch(style, number, marker, start - offset, end - offset, inline, punct, brackets, glued,
                       number_list, loose)


def _list_nouns() -> str:
    return "|".join(sorted(map(re.escape, load_toml("numbering.toml")["number_list"]["nouns"]), key=len,
                           reverse=True))


_NUMBER_LIST = re.compile(rf"(?P<m>{_CN})(?:[、，,和及或至到~～—-]{_CN})*(?:{_list_nouns()})")


def _starts_number_list(text: str, at: int, first: int) -> bool:
    """Does the numeral marker that ends at ``at`` open a list of numbers (一、二季度, 一、二、三产业,
    十四、五级) rather than a heading that starts with a numeral (十四、五年规划…, 一、一级响应)?
    A list needs a second numeral that goes on from the first (二 after 一, or 五 after 十四 as in
    十四、五岁) and the list's noun after it (``[number_list] nouns`` in numbering.toml)."""
    m = _NUMBER_LIST.match(text, at)
    if m is None:
        return False
    second = cn_to_int(m.group("m"))
    return second is not None and (second > first or (first > 10 and second == first % 10 + 1))


def match_start(text: str, lists: bool = False) -> MarkerMatch | None:
    """The marker that opens a paragraph (``text`` without its indentation), if any.

    A numeral that opens a list of numbers (一、二季度…) is no marker; with ``lists`` it comes
    back flagged ``number_list`` for the outline parser, which takes it only where it continues
    an open series or the series' item two follows."""
    m = _START_RE.match(text)
    built = _build(m, inline=False) if m else None
    if built is not None and built.number_list and not lists:
        return None
    return built


def find_inline(text: str, pos: int = 0, lists: bool = False) -> list[MarkerMatch]:
    """Marker candidates inside a paragraph, each standing right after a clause boundary
    (。；：！？， and their ASCII forms) or after white space.

    These are candidates only: whether one is a real marker depends on the series around it,
    which the outline parser decides. ``pos`` skips the paragraph's own opening marker; ``lists``
    keeps numerals that open a list of numbers, flagged (see :func:`match_start`).
    """
    return find_inline_many([text], [pos], lists)[0]


def find_inline_many(texts: list[str], positions: list[int] | None = None,
                     lists: bool = False) -> list[list[MarkerMatch]]:
    """:func:`find_inline` for many paragraphs at once: one scan over their joined text."""
    joined = "\n".join(texts)
    found: list[list[MarkerMatch]] = [[] for _ in texts]
    ends, total = [], -1
    for text in texts:
        total += len(text) + 1
        ends.append(total)  # index of the newline after each paragraph
    k, offset, resume = 0, 0, 0
    for hit in _INLINE_HIT.finditer(joined):
        at = hit.end() - 1  # the first character of the marker
        if at < resume:
            continue
        while at > ends[k]:
            offset = ends[k] + 1
            k += 1
        if positions is not None and at - offset < positions[k]:
            continue
        m = _START_RE.match(joined, at)
        if m is None:
            continue
        kind = m.lastgroup
        if kind == "chapter":
            continue  # a chapter title always starts its paragraph
        if kind in ("circ", "rpar") and hit.group()[0] not in _BOUNDARY_CHARS:
            continue  # （注释 ① ）, 附件 1）: a note or a reference after a space, not an item
        built = _build(m, True, offset)
        if built is not None and (lists or not built.number_list):
            found[k].append(built)
            resume = m.end()
    return found


def writing_code(m: MarkerMatch) -> str | None:
    """The rule code for how a marker is written, when it is written wrong (data in
    ``numbering.toml``: Arabic digits or spaces in a chapter or article, enclosed character,
    brackets, full-width digits, punctuation, in that order); None when it is written right."""
    spec = STYLES[m.style]
    if spec.digits and any(ch.isdigit() for ch in m.marker):
        return spec.digits
    if spec.spaced and m.loose:
        return spec.spaced
    if spec.punct is None:
        return None
    if spec.brackets:
        if len(m.brackets) == 1:
            return "N205"
        if m.brackets != spec.brackets:
            return "N202"
    if spec.fullwidth and has_fullwidth_digit(m.marker):
        return spec.fullwidth  # full-width digits before the punctuation: １． is N203, 1． is not
    if m.punct not in spec.punct:
        return spec.punct_codes.get(m.punct, spec.punct_default)
    return None
