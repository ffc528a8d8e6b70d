"""UI text goes through Django i18n: Chinese by default, English on request."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_default_language_is_chinese(client, make_post):
    for _ in range(11):
        make_post()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "较早的文章" in response.content.decode()


def test_english_when_the_reader_chooses_it(client, make_post):
    for _ in range(11):
        make_post()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert "Older posts" in response.content.decode()


def test_unknown_language_cookie_falls_back_to_the_site_language(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-evil"
    assert client.get("/")["Content-Language"] == "zh-hans"


def test_every_chinese_message_is_translated():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert untranslated == []


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_compiled_messages_are_in_step_with_the_sources(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in po:
        if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert mo._catalog.get(key) == entry.msgstr, f"django.mo is stale for {entry.msgid!r}: run make messages"
