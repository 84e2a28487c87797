"""The generic layer's HTML: trafilatura's XML document renamed to plain HTML tags."""

from types import SimpleNamespace

import trafilatura
from lxml import etree

from aggregator.extract.generic_html import document_html


def test_every_trafilatura_element_becomes_its_html_element():
    body = etree.fromstring(
        '<doc><head rend="h2">Заголовок</head><p>Текст <hi rend="#b">жирный</hi> и '
        '<hi rend="#i">курсив</hi><lb/>дальше <ref target="https://example.org/a">ссылка</ref></p>'
        '<list rend="ul"><item>один</item></list><quote>цитата</quote><code>x = 1</code>'
        '<graphic src="https://example.org/i.jpg" alt="фото"/>'
        '<table><row><cell role="head">A</cell></row><row><cell>1</cell></row></table></doc>')
    html = document_html(SimpleNamespace(body=body))
    assert html.startswith("<html>\n  <body>\n    <h2>Заголовок</h2>")
    for fragment in ("<strong>жирный</strong>", "<i>курсив</i>", "<br/>",
                     '<a href="https://example.org/a">ссылка</a>', "<ul>", "<li>один</li>",
                     "<blockquote>цитата</blockquote>", "<pre>x = 1</pre>",
                     '<img src="https://example.org/i.jpg" alt="фото"/>', "<tr>", "<th>A</th>",
                     "<td>1</td>"):
        assert fragment in html, fragment
    assert "rend=" not in html and "role=" not in html


def test_the_html_is_what_trafilatura_outputs_itself():
    # the second, full extraction this module exists to avoid, run once here as the reference
    page = ("<html><body><article><h1>Новость</h1>" + "<p>Абзац новости с <b>важным</b> словом и "
            '<a href="https://example.org/x">ссылкой</a>, достаточно длинный для извлечения.</p>' * 6
            + "<ul><li>пункт списка один</li><li>пункт списка два</li></ul></article></body></html>")
    options = dict(include_comments=False, include_tables=True, favor_recall=True,
                   include_links=True, include_formatting=True)
    reference = trafilatura.extract(page, output_format="html", **options)
    document = trafilatura.bare_extraction(page, output_format="python", **options)
    assert reference and document_html(document) == reference
