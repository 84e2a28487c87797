"""Cleaning: stored HTML never carries scripts, styles, iframes or event handlers."""

from aggregator.enrich.clean import clean_article, sanitise_html
from aggregator.items import Article

HOSTILE = (
    '<div onclick="steal()"><p style="color:red" onmouseover="x()">Текст новости</p>'
    '<script>document.cookie</script><style>p{}</style>'
    '<iframe src="https://evil.example/"></iframe>'
    '<a href="javascript:alert(1)">ссылка</a> <a href="https://24.kg/">24.kg</a>'
    '<img src="x.jpg" onerror="alert(1)"><svg onload="alert(1)"></svg></div>'
)


def test_sanitised_html_keeps_text_and_links_but_no_active_content():
    clean = sanitise_html(HOSTILE)
    assert "Текст новости" in clean and 'href="https://24.kg/"' in clean
    for bad in ("<script", "document.cookie", "<style", "<iframe", "onclick", "onmouseover",
                "onerror", "onload", "javascript:", "style="):
        assert bad not in clean


def test_clean_article_normalises_text_fields():
    article = Article(url="https://kaktus.media/doc/1.html", title="  Жапаров\n  подписал   закон ",
                      body_html="<p>Первый абзац.</p><p>Второй&nbsp;абзац.</p>",
                      authors=["Айпери", "айпери", " "], image_url="/img/1.jpg")
    clean_article(article)
    assert article.title == "Жапаров подписал закон"
    assert article.body == "Первый абзац.\nВторой абзац."
    assert article.authors == ["Айпери"]
    assert article.image_url == "https://kaktus.media/img/1.jpg"
