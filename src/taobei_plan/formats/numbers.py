"""Rendering list numbers as printed: Word's number formats (一、 （一） 1． ① 甲) from a count.

Word stores automatic numbering as a format name and a counter, not as text; many attachments have
no number in their text at all. These are the formats Chinese government documents use.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese(number: int, digits: str = _DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (as Word's chineseCounting prints them)."""
    if number <= 0:
        return digits[0]
    if number >= 1000:
        return str(number)
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    out = digits[hundreds] + hundred if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + ten
    elif hundreds and units:
        out += digits[0]
    if units:
        out += digits[units]
    return out


def roman(number: int) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA (Word repeats the letter)."""
    if number <= 0:
        return ""
    return chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _cycle(alphabet: str, number: int) -> str:
    return alphabet[(number - 1) % len(alphabet)] if number > 0 else ""


def render(number: int, fmt: str) -> str:
    """``number`` in Word's ``numFmt``; unknown formats print as decimal, as Word falls back."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):  # fmt: skip
        return chinese(number)
    if fmt == "chineseLegalSimplified":
        return chinese(number, _LEGAL, "拾", "佰")
    if fmt in ("ideographTraditional",):
        return _cycle(_STEMS, number)
    if fmt == "ideographZodiac":
        return _cycle(_ZODIAC, number)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[number - 1] if 0 < number <= len(_CIRCLED) else str(number)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(number))
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "upperRoman":
        return roman(number)
    if fmt == "lowerRoman":
        return roman(number).lower()
    if fmt == "upperLetter":
        return letters(number)
    if fmt == "lowerLetter":
        return letters(number).lower()
    if fmt == "none":
        return ""
    return str(number)
