"""Hostile input to ``aggregator enrich`` (in-process through click's CliRunner): every
bad line is skipped with its number and reason, the rest is processed and written,
nothing but http(s) is stored as a link, and no traceback reaches stderr."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from aggregator.cli import main
from aggregator.store import Store

GOOD_BEFORE = b'{"url": "https://x.kg/news/1", "title": "\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb2\xd0\xb0\xd1\x8f", "text": "first"}\n'
GOOD_AFTER = b'{"url": "https://x.kg/news/3", "title": "Third", "text": "third"}\n'


def run(*args, stdin: bytes = b""):
    return CliRunner().invoke(main, ["enrich", "-", *args], input=stdin)


def output_records(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def no_traceback(result) -> None:
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def field(name, value) -> bytes:
    return json.dumps({"url": "https://x.kg/news/2", name: value}).encode() + b"\n"


#: (a bad middle line, what the skip message says)
SKIPPED = {
    "title number": (field("title", 123), "'title' must be a string, not a number"),
    "title list": (field("title", ["a"]), "'title' must be a string, not a list"),
    "title object": (field("title", {"a": 1}), "'title' must be a string, not an object"),
    "title boolean": (field("title", True), "'title' must be a string, not a boolean"),
    "text number": (field("text", 1.5), "'text' must be a string"),
    "text list": (field("text", []), "'text' must be a string"),
    "html number": (field("html", 7), "'html' must be a string"),
    "html object": (field("html", {}), "'html' must be a string"),
    "source list": (field("source", ["kaktus"]), "'source' must be a string"),
    "source number": (field("source", 5), "'source' must be a string"),
    "date list": (field("date", ["2024-01-01"]), "'date' must be a string or a number"),
    "date object": (field("date", {"y": 2024}), "'date' must be a string or a number"),
    "date boolean": (field("date", False), "'date' must be a string or a number"),
    "tz number": (field("tz", 6), "'tz' must be a string"),
    "tz unknown": (field("tz", "Asia/Nowhere"), "not a known time zone"),
    "tz 100k": (field("tz", "A" * 100_000), "not a time zone name"),
    "tz path": (field("tz", "../../etc/passwd"), "time zone"),
    "fetched_at number": (field("fetched_at", 1700000000), "'fetched_at' must be a string"),
    "fetched_at garbage": (field("fetched_at", "yesterday"), "not ISO 8601"),
    "fetched_at naive": (field("fetched_at", "2024-01-01T10:00:00"), "needs a UTC offset"),
    "fetched_at overflow": (field("fetched_at", "0001-01-01T00:00:00+14:00"), "out of range"),
    "url number": (b'{"url": 12, "text": "x"}\n', "'url' must be a string"),
    "url list": (b'{"url": ["https://x.kg/2"], "text": "x"}\n', "'url' must be a string"),
    "url javascript": (b'{"url": "javascript:alert(1)", "text": "x"}\n', "not an http(s) URL"),
    "url data": (b'{"url": "data:text/html,<script>x</script>", "text": "x"}\n', "not an http(s) URL"),
    "url vbscript": (b'{"url": "vbscript:msgbox(1)", "text": "x"}\n', "not an http(s) URL"),
    "url file": (b'{"url": "file:///etc/passwd", "text": "x"}\n', "not an http(s) URL"),
    "url no host": (b'{"url": "https://", "text": "x"}\n', "not an http(s) URL"),
    "url broken ipv6": (b'{"url": "http://[::1", "text": "x"}\n', "not an http(s) URL"),
    "not json": (b"{not json\n", "not JSON"),
    "json array": (b"[1, 2, 3]\n", "must be a JSON object, not a list"),
    "json string": (b'"just a string"\n', "must be a JSON object, not a string"),
    "json null": (b"null\n", "must be a JSON object"),
    "json number": (b"42\n", "must be a JSON object"),
    "invalid utf-8": (b'{"url": "https://x.kg/2", "text": "\xff\xfe bad"}\n', "not valid UTF-8"),
    "latin-1 bytes": (b'{"url": "https://x.kg/2", "title": "caf\xe9"}\n', "not valid UTF-8"),
    "nested 100k": (b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
    "nested object 100k": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"\n", "nested too deeply"),
    "html over bounds": (json.dumps({"url": "https://x.kg/2", "html": "<p>x</p>" * 30_000}).encode()
                         + b"\n", "elements"),
    "html 100k attributes": (json.dumps({"url": "https://x.kg/2", "html": "<p " + " ".join(
        f"a{i}=v" for i in range(100_000)) + ">x</p>"}).encode() + b"\n", "attributes"),
}


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_a_bad_line_is_skipped_with_its_number_and_the_rest_is_written(name):
    line, message = SKIPPED[name]
    result = run(stdin=GOOD_BEFORE + line + GOOD_AFTER)
    no_traceback(result)
    assert result.exit_code == 1, result.output
    skips = [ln for ln in result.stderr.splitlines() if "skipped" in ln]
    assert len(skips) == 1 and "line 2:" in skips[0] and message in skips[0], result.stderr[-500:]
    urls = [r["url"] for r in output_records(result)]
    assert urls == ["https://x.kg/news/1", "https://x.kg/news/3"]


#: lines that are processed (coerced or handled), not skipped
PROCESSED = {
    "bom first line": b'\xef\xbb\xbf{"url": "https://x.kg/news/2", "text": "bom"}\n',
    "lone surrogate": b'{"url": "https://x.kg/news/2", "title": "a\\ud800b", "text": "x"}\n',
    "lone low surrogate": b'{"url": "https://x.kg/news/2", "text": "x\\udfff"}\n',
    "surrogate pair": b'{"url": "https://x.kg/news/2", "title": "\\ud83d\\ude00", "text": "x"}\n',
    "null fields": b'{"url": "https://x.kg/news/2", "title": null, "text": null, "date": null, "tz": null}\n',
    "epoch date": b'{"url": "https://x.kg/news/2", "text": "x", "date": 1700000000}\n',
    "date 9999 -12:00": b'{"url": "https://x.kg/news/2", "text": "x", "date": "9999-12-31T23:59:59-12:00"}\n',
    "date 0001 +14:00": b'{"url": "https://x.kg/news/2", "text": "x", "date": "0001-01-01T00:00:00+14:00"}\n',
    "date year 0": b'{"url": "https://x.kg/news/2", "text": "x", "date": "0000-01-01"}\n',
    "date huge epoch": b'{"url": "https://x.kg/news/2", "text": "x", "date": 1e300}\n',
    "date negative epoch": b'{"url": "https://x.kg/news/2", "text": "x", "date": -1e18}\n',
    "relative date at 9999": b'{"url": "https://x.kg/news/2", "text": "x", "date": "\xd0\xb7\xd0\xb0\xd0\xb2\xd1\x82\xd1\x80\xd0\xb0 10:00", "fetched_at": "9999-12-31T23:59:59Z"}\n',
    "relative date at 0001": b'{"url": "https://x.kg/news/2", "text": "x", "date": "\xd0\xb2\xd1\x87\xd0\xb5\xd1\x80\xd0\xb0 10:00", "fetched_at": "0001-01-01T00:00:00Z"}\n',
    "megabyte title": json.dumps({"url": "https://x.kg/news/2", "title": "word " * 200_000}).encode() + b"\n",
    "no url": b'{"text": "no url at all"}\n',
    "extra fields": b'{"url": "https://x.kg/news/2", "text": "x", "weird": [1, {"a": null}]}\n',
    "html json body": json.dumps({"url": "https://x.kg/news/2", "html": '{"a": 1}'}).encode() + b"\n",
    "html javascript og:image": json.dumps({"url": "https://x.kg/news/2", "html": (
        '<html><head><meta property="og:image" content="javascript:alert(1)">'
        '<link rel="canonical" href="javascript:alert(2)"></head><body><p>text</p></body></html>')}).encode() + b"\n",
}


@pytest.mark.parametrize("name", sorted(PROCESSED))
def test_unusual_but_usable_lines_are_processed(name):
    stdin = PROCESSED[name] + GOOD_AFTER if name == "bom first line" else GOOD_BEFORE + PROCESSED[name] + GOOD_AFTER
    result = run(stdin=stdin)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    records = output_records(result)
    assert len(records) == (2 if name == "bom first line" else 3)
    for record in records:
        assert record["canonical_url"] is None or record["canonical_url"].startswith("https://")
    if name == "megabyte title":
        assert len(records[1]["title"]) == 1_000_000  # the input echoed; the article's is capped


def test_stored_links_are_http_only_and_a_bad_line_loses_no_stored_row(tmp_path):
    db = tmp_path / "news.db"
    stdin = (GOOD_BEFORE + b'{"url": "javascript:alert(1)", "text": "x"}\n'
             + PROCESSED["html javascript og:image"] + field("title", 123) + GOOD_AFTER)
    result = run("--db", str(db), stdin=stdin)
    no_traceback(result)
    assert result.exit_code == 1
    store = Store(db, readonly=True)
    rows = list(store.db.query("select url, canonical_url, image_url, title from articles"))
    store.close()
    assert sorted(r["url"] for r in rows) == ["https://x.kg/news/1", "https://x.kg/news/2", "https://x.kg/news/3"]
    for row in rows:
        for column in ("url", "canonical_url", "image_url"):
            assert row[column] is None or row[column].startswith("https://"), row


def test_output_is_written_even_when_the_run_is_stopped(monkeypatch):
    from aggregator.enrich import steps

    calls = {"n": 0}
    real = steps.language

    def stop_on_third(article, context):
        # the steps run over the records step by step: the records before the third
        # have been through the steps before this one, and are finished before the stop
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(article, context)

    monkeypatch.setattr(steps, "STEPS", tuple(stop_on_third if s is real else s for s in steps.STEPS))
    result = run(stdin=GOOD_BEFORE + field("text", "second") + GOOD_AFTER)
    assert [r["url"] for r in output_records(result)] == ["https://x.kg/news/1", "https://x.kg/news/2"]
    assert result.exit_code != 0


def test_skip_lines_name_the_input_and_every_line_number():
    stdin = GOOD_BEFORE + b"nope\n" + b"\n" + b"[]\n" + GOOD_AFTER
    result = run(stdin=stdin)
    assert result.exit_code == 1
    numbers = [ln.split("line ")[1].split(":")[0] for ln in result.stderr.splitlines() if "skipped" in ln]
    assert numbers == ["2", "4"]
