"""The interface of the HTML pages: the German and English strings, the language of a request, and the
values every page template gets (``base.html`` needs them).

>>> sorted(UI) == sorted(LANGUAGES) and set(UI["de"]) == set(UI["en"])
True
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request

#: the interface languages; the first is the default
LANGUAGES = ("de", "en")
#: where the other parts of the application live (links from every page)
LINKS = {"sparql": "/editor", "dependencies": "/deps/"}

UI = {
    "de": {"home": "Startseite", "classes": "Klassen", "catalog": "Katalog", "downloads": "Downloads", "ontology": "Ontologie",
           "sparql": "SPARQL-Editor", "deps": "Abhängigkeiten", "type": "Typ", "properties": "Eigenschaften",
           "incoming": "Verweise auf diese Ressource", "provenance": "Herkunft", "document": "Dokument", "line": "Zeile",
           "passage": "Textstelle", "warnings": "Hinweise der SHACL-Prüfung", "related": "Verwandte Ressourcen in anderen Dokumenten",
           "mentioned": "Erwähnt in", "labels": "Bezeichnungen", "formats": "Diese Seite als", "property": "Eigenschaft",
           "value": "Wert", "subject": "Ressource", "none": "keine", "instances": "Instanzen", "page": "Seite", "next": "weiter",
           "prev": "zurück", "programmes": "Programme", "documents": "Quelldokumente", "measures": "Maßnahmen",
           "triples": "Tripel", "records": "Datensätze", "issued": "erschienen", "build": "Build", "file": "Datei",
           "size": "Größe (Bytes)", "checksum": "SHA-256", "class": "Klasse", "count": "Anzahl", "skip": "Zum Inhalt springen",
           "lang_switch": "English", "domain": "Definitionsbereich", "range": "Wertebereich", "shapes": "Verwendet in Shapes",
           "definition": "Definition", "used": "Verwendung im Graphen", "diagram": "Diagramm", "not_found": "Nicht gefunden",
           "iri": "IRI", "nested": "Details", "more": "weitere", "graph": "Benannter Graph", "describes": "Beschreibung der Ressource",
           "error": "Fehler"},
    "en": {"home": "Home", "classes": "Classes", "catalog": "Catalogue", "downloads": "Downloads", "ontology": "Ontology",
           "sparql": "SPARQL editor", "deps": "Dependencies", "type": "Type", "properties": "Properties",
           "incoming": "Links to this resource", "provenance": "Provenance", "document": "Document", "line": "Line",
           "passage": "Passage", "warnings": "SHACL warnings", "related": "Related resources in other documents",
           "mentioned": "Mentioned in", "labels": "Labels", "formats": "This page as", "property": "Property",
           "value": "Value", "subject": "Resource", "none": "none", "instances": "Instances", "page": "Page", "next": "next",
           "prev": "previous", "programmes": "Programmes", "documents": "Source documents", "measures": "Measures",
           "triples": "triples", "records": "records", "issued": "issued", "build": "Build", "file": "File",
           "size": "Size (bytes)", "checksum": "SHA-256", "class": "Class", "count": "Count", "skip": "Skip to content",
           "lang_switch": "Deutsch", "domain": "Domain", "range": "Range", "shapes": "Used in shapes",
           "definition": "Definition", "used": "Use in the graph", "diagram": "Diagram", "not_found": "Not found",
           "iri": "IRI", "nested": "Details", "more": "more", "graph": "Named graph", "describes": "Description of the resource",
           "error": "Error"},
}


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
    return {"t": UI[lang], "lang": lang, "root": root_path(request), "links": LINKS,
            "switch_href": f"{request.url.path}?{urlencode(params)}"}
