"""The analyst's Datasette pages in a real browser: `aggregator serve` on a replay database,
driven by headless Chromium (Debian's chromium and chromium-driver; .ci/run installs them)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import REPO
from .replay import aggregator

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`aggregator serve` on a database crawled from three recorded sites."""
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "news.db"
    crawl = aggregator("crawl", "--replay", "kaktus", "akipress", "news_asia", "--db", str(db), "-q",
                       "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
    assert db.exists(), crawl.stderr
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen([sys.executable, "-m", "aggregator", "serve", "--db", str(db),
                               "--port", str(port)], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"aggregator serve did not start: {server.stderr.read().decode()}")
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(10)


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def headers(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [th.get_attribute("data-column") for th in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns th")]


def test_articles_search_story_and_a_foreign_key_in_a_browser(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{site}/news/articles")
    # the reader's columns, no body columns; the column descriptions folded away
    shown = headers(browser)
    assert {"title", "source", "published_local", "lang", "story_id"} <= set(shown)
    assert "body_html" not in shown and "body" not in shown
    folded = browser.find_element(By.CSS_SELECTOR, "details.column-descriptions-folded")
    assert folded.get_attribute("open") is None
    row_height = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns tbody tr").size["height"]
    assert row_height < 200

    # a Cyrillic search in an inflected form the text does not contain as typed
    box = browser.find_element(By.CSS_SELECTOR, "input[name=_search]")
    box.clear()
    box.send_keys("Бишкек")
    box.send_keys(Keys.RETURN)
    time.sleep(0.5)
    titles = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "td.col-title")]
    assert titles and any("Бишкеке" in t for t in titles), titles
    assert "Invalid SQL" not in browser.page_source

    # a stray quote is no error page
    browser.get(f"{site}/news/articles?_search=%22Бишкеке")
    assert "Invalid SQL" not in browser.page_source and browser.find_elements(By.CSS_SELECTOR, "td.col-title")

    # open the story of the first match: the story_id cell links to the stories row
    browser.get(f"{site}/news/articles?_search=Бишкек")
    link = browser.find_element(By.CSS_SELECTOR, "td.col-story_id a")
    story_label = link.text
    link.click()
    assert "/news/stories/" in browser.current_url
    assert story_label and story_label in browser.page_source
    # follow the story's representative article (a foreign key) to the article's page
    representative = browser.find_element(By.CSS_SELECTOR, "td.col-representative_id a")
    representative.click()
    assert "/news/articles/" in browser.current_url
    assert "Бишкек" in browser.find_element(By.CSS_SELECTOR, "td.col-title").text
