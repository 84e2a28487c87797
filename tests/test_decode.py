"""Pages decode correctly whatever charset they declare, or fail to."""

from aggregator.extract.decode import decode_html

TEXT = "<p>Сегодня 07:58 — Таджикистан и Казахстан сверили приоритеты</p>"


def test_windows_1251_under_a_wrong_utf8_header():
    assert decode_html(TEXT.encode("cp1251"), header_charset="utf-8")[0] == TEXT


def test_windows_1251_with_no_charset_anywhere():
    text, encoding = decode_html(TEXT.encode("cp1251"))
    assert text == TEXT and encoding == "cp1251"


def test_utf8_under_a_wrong_windows_1251_declaration():
    body = ('<meta charset="windows-1251">' + TEXT).encode("utf-8")
    assert decode_html(body, header_charset="windows-1251", source_encoding="windows-1251")[0].endswith(TEXT)


def test_meta_charset_is_used_when_the_header_has_none():
    text = TEXT.replace("—", "-")
    body = ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">' + text).encode("koi8-r")
    assert decode_html(body)[0].endswith(text)


def test_byte_order_mark_wins():
    assert decode_html(TEXT.encode("utf-8-sig"), header_charset="windows-1251")[0] == TEXT
