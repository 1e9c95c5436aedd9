"""The interface of the HTML pages: the German and English strings (``ui.json``), the language of a
request, and the values every page template gets (``base.html`` needs them).

>>> sorted(UI) == sorted(LANGUAGES) and set(UI["de"]) == set(UI["en"])
True
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request

#: the interface languages; the first is the default
LANGUAGES = ("de", "en")
#: where the other parts of the application live (links from every page)
LINKS = {"sparql": "/editor", "dependencies": "/deps/"}

#: the strings of the pages by language (``ui.json``, package data)
UI: dict[str, dict[str, str]] = json.loads(Path(__file__).with_name("ui.json").read_text(encoding="utf-8"))


def ui_lang(request: Request) -> str:
    """``?lang=`` if it names a language, else the first language of Accept-Language, else German."""
    lang = request.query_params.get("lang")
    if lang in UI:
        return lang
    first = request.headers.get("accept-language", "").split(",")[0].strip().lower()[:2]
    return first if first in UI else LANGUAGES[0]


def root_path(request: Request) -> str:
    """The path prefix the application is mounted under ("" at the root)."""
    return request.scope.get("root_path", "") or ""


def page_values(request: Request, lang: str) -> dict:
    """What ``base.html`` needs: strings, language, path prefix, the link to the other language, links."""
    params = dict(request.query_params)
    params["lang"] = LANGUAGES[1] if lang == LANGUAGES[0] else LANGUAGES[0]
    return {
        "t": UI[lang],
        "lang": lang,
        "root": root_path(request),
        "links": LINKS,
        "switch_href": f"{request.url.path}?{urlencode(params)}",
    }


def script_strings(lang: str, *prefixes: str) -> dict[str, str]:
    """The strings a page's script needs: those whose key starts with one of ``prefixes`` (without it)."""
    return {
        key[len(p) :]: text
        for key, text in UI[lang].items()
        for p in prefixes
        if key.startswith(p) and len(key) > len(p)
    }
