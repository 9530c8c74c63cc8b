"""Reading articles: encodings, HTML, JSON records, directories, standard
input, and every kind of bad input refused with one line naming it."""

from __future__ import annotations

import io
import json
import os
import zlib

import pytest

from provenance.analysis import Article
from provenance.config import LimitSettings
from provenance.errors import InputError
from provenance.inputs import (check_article, count_articles, decode, german_share, read_articles, sniff)

from corpus_helpers import ENGLISH, GERMAN, GERMAN_2, PAGE, UMLAUTS, jsonl, write
from conftest import SHARED_DATA


def articles(inputs, **kwargs):
    return [item for item in read_articles([str(i) for i in inputs], **kwargs)]


def only(inputs, **kwargs) -> Article:
    [item] = articles(inputs, **kwargs)
    assert isinstance(item, Article), item
    return item


def problem(inputs, **kwargs) -> str:
    [item] = articles(inputs, **kwargs)
    assert isinstance(item, InputError), item
    message = str(item)
    assert "\n" not in message
    return message


# --- plain text -----------------------------------------------------------------

def test_utf8_with_bom_and_crlf_keeps_the_exact_text(tmp_path):
    text = UMLAUTS + "\r\n\r\n" + GERMAN + "\r\n"
    article = only([write(tmp_path / "a.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))])
    assert article.text == text  # the BOM goes, CRLF stays: offsets index the decoded text
    assert article.id == "a" and article.path == str(tmp_path / "a.txt")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_are_detected(tmp_path, encoding):
    text = "Die Bürgermeisterin äußerte, die Straße bleibe für Größere gesperrt. Über Genève sprach sie nicht."
    assert only([write(tmp_path / "legacy.txt", text, encoding)]).text == text


def test_cp1252_quotation_marks(tmp_path):
    assert only([write(tmp_path / "q.txt", UMLAUTS, "cp1252")]).text == UMLAUTS


def test_utf16_with_bom(tmp_path):
    assert only([write(tmp_path / "u.txt", UMLAUTS, "utf-16")]).text == UMLAUTS


@pytest.mark.parametrize("content, expected", [
    (b"", "empty file"),
    (b"  \n\r\n\t ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    (zlib.compress(GERMAN.encode() * 50), "binary file"),
    (os.urandom(4096), "binary file"),
])
def test_empty_and_binary_files_are_refused(tmp_path, content, expected):
    path = write(tmp_path / "bad.txt", content)
    message = problem([path])
    assert message.startswith(str(path)) and expected in message


def test_missing_and_unreadable_paths(tmp_path):
    assert problem([tmp_path / "absent.txt"]) == f"{tmp_path / 'absent.txt'}: no such file or directory"
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert "no such file" in problem([link])
    assert "cannot read" in problem([write(tmp_path / "f.txt", GERMAN) / "below"])


def as_unprivileged(task):
    """``task()`` in a forked child that runs as ``nobody`` when this process is root (root reads
    files whatever their mode, and CI runs as root); its result, or a skip when privileges cannot
    be dropped here."""
    if os.geteuid() != 0:
        return task()
    try:
        import pwd

        nobody = pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        pytest.skip("running as root, and there is no user 'nobody' to drop to")
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: drop every privilege for good, run, report, leave without cleanup
        os.close(read_end)
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
        except PermissionError as exc:  # no CAP_SETUID in this container
            outcome, code = ("cannot drop", str(exc)), 3
        else:
            try:
                outcome, code = ("ok", task()), 0
            except BaseException as exc:  # noqa: BLE001 - the parent reports it
                outcome, code = ("error", f"{type(exc).__name__}: {exc}"), 4
        with os.fdopen(write_end, "w", encoding="utf-8") as out:
            json.dump(outcome, out)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as result:
        kind, value = json.loads(result.read() or '["error", "no result"]')
    os.waitpid(child, 0)
    if kind == "cannot drop":
        pytest.skip(f"running as root without the right to become 'nobody' ({value})")
    assert kind == "ok", value
    return value


def test_permission_denied(open_dir):
    secret = write(open_dir / "secret.txt", GERMAN)
    secret.chmod(0)
    readable = write(open_dir / "open.txt", GERMAN)
    readable.chmod(0o644)

    def read_both():
        return [str(item) if isinstance(item, InputError) else item.text
                for item in read_articles([str(secret), str(readable)])]

    # read once as we are, so every module reading needs is loaded before the child drops to
    # 'nobody' (the interpreter's own files may lie where nobody may read)
    assert read_both()[1] == GERMAN
    # the file whose mode forbids reading is one line; the one beside it, same owner, is read
    assert as_unprivileged(read_both) == [f"{secret}: cannot read (Permission denied)", GERMAN]


def test_a_file_too_large_is_not_read(tmp_path):
    path = write(tmp_path / "big.txt", GERMAN * 10)
    assert "file too large" in problem([path], limits=LimitSettings(max_chars=100))


# --- HTML -------------------------------------------------------------------------

def test_html_main_text_and_metadata(tmp_path):
    article = only([write(tmp_path / "page.html", PAGE)])
    assert article.text.startswith("Treffen abgesagt\n\nDie Agentur Reuters berichtete")
    assert "Impressum" not in article.text and "Wetter" not in article.text
    assert article.metadata == {
        "url": "https://www.beispiel-zeitung.de/politik/treffen", "title": "Treffen abgesagt",
        "published": "2025-10-22", "publisher": "Beispiel-Zeitung",
    }
    assert article.id == "page"


def test_html_in_a_legacy_encoding(tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    article = only([write(tmp_path / "page.htm", page, "cp1252")])
    assert "Außenminister" in article.text


def test_html_without_text_is_refused(tmp_path):
    path = write(tmp_path / "empty.html", "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>")
    assert problem([path]) == f"{path}: no article text found in the HTML"


# --- JSON records -----------------------------------------------------------------

def test_jsonl_records_with_metadata_and_a_malformed_line(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", [
        {"id": "one", "text": GERMAN, "url": "https://example.de/1", "title": "Steuern",
         "published": "2025-01-02", "publisher": "Beispiel-Zeitung", "other": "ignored"},
        '{"id": "two", "text": "unterminated',
        "",
        {"text": GERMAN_2},
        {"id": "four"},
        {"id": 5, "text": 7},
        ["not", "an", "object"],
    ])
    items = articles([path])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article", "InputError",
                                                 "InputError", "InputError"]
    first, bad, third, missing, wrong, array = items
    assert first.id == "one" and first.text == GERMAN and first.path == f"{path}:1"
    assert first.metadata == {"url": "https://example.de/1", "title": "Steuern", "published": "2025-01-02",
                              "publisher": "Beispiel-Zeitung"}
    assert str(bad).startswith(f"{path}:2: malformed JSON")
    assert third.id == "feed:4"  # no id: the file and the line
    assert str(missing) == f"{path}:5: no 'text' field"
    assert str(wrong) == f"{path}:6: 'text' is not a string"
    assert str(array) == f"{path}:7: not a JSON object"


def test_wikinews_records(tmp_path):
    record = {"documentName": "11059 - Passagierflugzeug landete (2005-08-20)", "originalText": GERMAN,
              "annotations": [], "sentences": [], "tokens": []}
    article = only([jsonl(tmp_path / "wiki.jsonl", [record])])
    assert article.id == record["documentName"] and article.text == GERMAN


def test_json_object_and_array(tmp_path):
    one = write(tmp_path / "one.json", json.dumps({"id": "x", "text": GERMAN, "publisher": "Taz"}))
    many = write(tmp_path / "many.json", json.dumps([{"text": GERMAN}, {"text": ""}, {"text": GERMAN_2}]))
    a, b, empty, c = articles([one, many])
    assert (a.id, a.metadata) == ("x", {"publisher": "Taz"})
    assert (b.id, c.id) == ("many:1", "many:3")
    assert str(empty) == f"{many}[2]: empty text"


def test_real_wikinews_corpus_reads_completely():
    path = SHARED_DATA / "wikinews-quotes" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    items = articles([path])
    assert len(items) == 150 and all(isinstance(i, Article) for i in items)
    assert len({i.id for i in items}) == 150


# --- directories, standard input, ids -----------------------------------------------

def test_directories_recursively_with_ids_relative_to_them(tmp_path):
    write(tmp_path / "corpus" / "a.txt", GERMAN)
    write(tmp_path / "corpus" / "sub" / "a.txt", GERMAN_2)
    write(tmp_path / "corpus" / "sub" / "page.html", PAGE)
    jsonl(tmp_path / "corpus" / "feed.jsonl", [{"id": "r1", "text": GERMAN}])
    write(tmp_path / "corpus" / "notes.md", "not an article")
    write(tmp_path / "corpus" / ".hidden" / "x.txt", GERMAN)
    ids = [i.id for i in articles([tmp_path / "corpus"])]
    assert ids == ["a", "r1", "sub/a", "sub/page"]
    assert [i.id for i in articles([tmp_path / "corpus"], glob="*.html")] == ["sub/page"]
    assert [i.id for i in articles([tmp_path / "corpus"], glob="*.md")] == ["notes"]
    message = problem([tmp_path / "corpus"], glob="*.xml")
    assert message == f"{tmp_path / 'corpus'}: no article files matching '*.xml'"


def test_repeated_ids_are_made_unique(tmp_path):
    path = write(tmp_path / "a.txt", GERMAN)
    assert [i.id for i in articles([path, path, path])] == ["a", "a~2", "a~3"]


@pytest.mark.parametrize("data, kind, id", [
    (GERMAN.encode(), "text", "stdin"),
    (("\n" + json.dumps({"id": "s1", "text": GERMAN})).encode(), "json", "s1"),
    (PAGE.encode(), "html", "stdin"),
])
def test_standard_input(data, kind, id):
    assert sniff(data) == kind
    [article] = articles(["-"], stdin=io.BytesIO(data))
    assert article.id == id


def test_jsonl_on_standard_input_keeps_good_lines():
    data = (json.dumps({"text": GERMAN}) + "\n{broken\n" + json.dumps({"text": GERMAN_2}) + "\n").encode()
    first, bad, second = articles(["-"], stdin=io.BytesIO(data))
    assert (first.id, second.id) == ("stdin:1", "stdin:3")
    assert str(bad).startswith("standard input:2: malformed JSON")


def test_count_articles(tmp_path):
    write(tmp_path / "d" / "a.txt", GERMAN)
    jsonl(tmp_path / "d" / "f.jsonl", [{"text": GERMAN}, "{bad", {"text": GERMAN}])
    write(tmp_path / "d" / "m.json", json.dumps([{"text": GERMAN}, {"text": GERMAN}]))
    assert count_articles([str(tmp_path / "d"), str(tmp_path / "absent.txt")]) == 7
    assert count_articles(["-"]) is None


# --- what the analysis accepts --------------------------------------------------------

def test_language_check():
    limits = LimitSettings()
    check_article(Article(GERMAN), limits)
    check_article(Article("Kurz."), limits)  # too little to judge: let through
    with pytest.raises(InputError, match=r"^e\.txt: not German \(German function-word share 0\.00 is below "
                                         r"limits\.min_german_share 0\.3; --force analyses it anyway\)$"):
        check_article(Article(ENGLISH, path="e.txt"), limits)
    check_article(Article(ENGLISH), limits, force=True)


def test_size_limit():
    with pytest.raises(InputError, match=r"^x: article too long \(76 characters; limits\.max_chars is 50\)$"):
        check_article(Article(GERMAN, id="x"), LimitSettings(max_chars=50))


def test_every_wikinews_article_counts_as_german():
    path = SHARED_DATA / "wikinews-quotes"
    if not path.exists():
        pytest.skip(f"{path} not present")
    threshold = LimitSettings().min_german_share
    for name in ("train.jsonl", "dev.jsonl"):
        for line in (path / name).open(encoding="utf-8"):
            share = german_share(json.loads(line)["originalText"])
            assert share is None or share >= threshold + 0.3


@pytest.mark.parametrize("text", [
    ENGLISH,
    "Le ministre a déclaré lundi qu'il allait démissionner, selon un porte-parole du gouvernement.",
    "El ministro dijo el lunes que dimitiría, según un portavoz del gobierno en Berlín.",
    "De minister zei maandag dat hij zou aftreden, volgens een woordvoerder van de regering.",
])
def test_other_languages_score_low(text):
    assert german_share(text) < 0.1


def test_decode_names_the_input():
    with pytest.raises(InputError, match="^name: empty file$"):
        decode(b"", "name")
