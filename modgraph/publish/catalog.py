"""The DCAT-AP.de catalogue of a build: ``downloads/catalog[-dcat-ap-de-2.0].{ttl,rdf,jsonld}``.

Small, so built in code with rdflib terms in a ``Triples`` set (``CatalogueBuilder``); the byte sizes and checksums of the
distributions are those of the dumps just written (the manifest of ``modgraph.publish.dumps``).
The code lists the catalogue refers to are kept locally in ``codelists/`` (see its README).

Who publishes, under which licence and contributor id, with which attribution and for which area
(``dct:spatial``, the political geocoding) comes from the project's settings (``modgraph.toml``:
``publisher_name``, ``contact_*``, ``contributor_id``, ``licence``, ``attribution``, ``geocoding``,
``spatial``) — there is no city's default. What a project leaves out is listed by
``publication_gaps`` (the build prints it as warnings) and stated in the dataset's description.

Why two catalogue variants: the released DCAT-AP.de 2.0 profile (on DCAT-AP 2.1.1) requires
``dcat:byteSize`` typed ``xsd:decimal`` and a checksum algorithm from the dcat-ap.de hash list, while
DCAT-AP 3.0.0 / DCAT-AP.de 3.0 require ``xsd:nonNegativeInteger`` and an ``spdx:ChecksumAlgorithm``
(and deprecate the dcat-ap.de list). Both rules are violations, so no single graph passes both
profiles; the variants differ in exactly these two values. ``/catalog`` serves DCAT-AP.de 3.0
(also what data.europa.eu harvests as DCAT-AP 3), ``/catalog?profile=dcat-ap-de-2.0`` the 2.0 form.

Why this module is long: DCAT-AP.de asks for many properties per catalogue, dataset, distribution and data
service, each in German and English; they are written out one by one so that each can be read against the
profile, and the builder keeps them in one place with the profile switch.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, XSD

from modgraph.iris import DEF, PREFIXES, catalog_iri, data_iri, document_iri, page_url, release_iri, site_url
from modgraph.media import by_extension
from modgraph.publish.dumps import DOCUMENT_DUMP, DUMPS, document_dump
from modgraph.settings import BY_NAME, Settings, geocoding_iri
from modgraph.store.builds import Build, BuildInfo, StoreLocation
from modgraph.store.reading import select
from modgraph.store.releases import history
from modgraph.store.terms import Triples, serializations

#: DCAT 3 terms that rdflib's ``DCAT`` does not define (``version``, ``previousVersion``, ``hasCurrentVersion``)
DCAT3 = Namespace(str(DCAT))
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DCATAP = Namespace("http://data.europa.eu/r5r/")  # slash form, as DCAT-AP 3 (see vocabularies.md §4)
AUTH = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"

#: the default of the ``licence`` setting, Datenlizenz Deutschland – Namensnennung – 2.0 (the catalogue, VoID
#: and the catalogue page state the project's ``licence``)
LICENCE = URIRef(BY_NAME["licence"].default)
LICENCE_PAGE = "https://www.govdata.de/dl-de/by-2-0"
#: names of the licences modgraph knows, in German and English (another licence is named by its IRI)
LICENCE_NAMES = {
    str(LICENCE): ("Datenlizenz Deutschland – Namensnennung – 2.0", "Data licence Germany – attribution – 2.0"),
}


def licence_name(iri: str, lang: str = "de") -> str:
    """The licence's name for people (its IRI when modgraph does not know it).

    >>> licence_name("http://dcat-ap.de/def/licenses/dl-by-de/2.0", "en")
    'Data licence Germany – attribution – 2.0'
    >>> licence_name("http://dcat-ap.de/def/licenses/cc-by/4.0")
    'http://dcat-ap.de/def/licenses/cc-by/4.0'
    """
    names = LICENCE_NAMES.get(iri)
    return iri if names is None else names[0 if lang == "de" else 1]


def licence_page(iri: str) -> str:
    """Where people read the licence: GovData's page for the default one, else the licence's IRI."""
    return LICENCE_PAGE if iri == str(LICENCE) else iri


THEME = URIRef(AUTH + "data-theme/GOVE")
LANGUAGE_DE = URIRef(AUTH + "language/DEU")
FREQUENCY = URIRef(AUTH + "frequency/IRREG")  # rebuilt whenever records change
ACCESS_PUBLIC = URIRef(AUTH + "access-right/PUBLIC")
AVAILABILITY = URIRef(AUTH + "planned-availability/STABLE")
#: the day modgraph's dataset was first published (dct:issued of the catalogue's datasets)
FIRST_ISSUED = date(2026, 11, 22)
KEYWORDS_DE = ["Verwaltungsmodernisierung", "Digitalisierung", "E-Government", "Linked Open Data", "Wissensgraph"]
KEYWORDS_EN = [
    "public administration modernisation",
    "digitalisation",
    "e-government",
    "linked open data",
    "knowledge graph",
]

PROFILE_DE3 = "dcat-ap-de-3.0"
PROFILE_DE2 = "dcat-ap-de-2.0"
PROFILES = {
    PROFILE_DE3: "http://dcat-ap.de/def/dcatde/3.0",
    PROFILE_DE2: "http://dcat-ap.de/def/dcatde/2.0",
}
CHECKSUM_ALGORITHM = {
    PROFILE_DE3: SPDX.checksumAlgorithm_sha256,
    PROFILE_DE2: URIRef("http://dcat-ap.de/def/hashAlgorithms/sha/256"),
}
BYTESIZE_DATATYPE = {PROFILE_DE3: XSD.nonNegativeInteger, PROFILE_DE2: XSD.decimal}

#: the catalogue's files by extension, each with its ``modgraph.media`` format
CATALOG_FORMATS = {ext: by_extension(f"catalog.{ext}") for ext in ("ttl", "rdf", "jsonld")}

CODELISTS = Path(__file__).with_name("codelists")


def dataset_iri(base: str, document: str | None = None) -> URIRef:
    """The catalogue's dataset of the whole graph (``document`` None) or of one source document."""
    return URIRef(catalog_iri(base, "modgraph" if document is None else f"dataset-{document}"))


def date_time(created: str) -> Literal:
    """``BuildInfo.created`` as an ``xsd:dateTime`` (UTC written ``Z``)."""
    return Literal(created.replace("+00:00", "Z") if "T" in created else created, datatype=XSD.dateTime)


def add_release(g: Graph | Triples, info: BuildInfo, algorithm: URIRef = SPDX.checksumAlgorithm_sha256) -> URIRef:
    """Describe one release (``{base}releases/{id}``) in ``g``: a ``prov:Entity`` with its number
    (``dcat:version``), time (``prov:generatedAtTime``), predecessor (``dcat:previousVersion``,
    ``prov:wasRevisionOf``), its endpoint and each source document it was derived from with the SHA-256 of its
    text (``spdx:checksum``, ``algorithm`` as the catalogue profile wants it). Returns the release's IRI."""
    base = info.base_iri
    node = URIRef(release_iri(base, info.id))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, RDFS.label, Literal(f"modgraph release {info.version} ({info.id})", lang="en")))
    g.add((node, RDFS.label, Literal(f"modgraph-Version {info.version} ({info.id})", lang="de")))
    g.add((node, DCAT3.version, Literal(str(info.version))))
    g.add((node, PROV.generatedAtTime, date_time(info.created)))
    g.add((node, DCAT.endpointURL, URIRef(site_url(base, f"releases/{info.id}/sparql"))))
    if info.previous:
        previous = URIRef(release_iri(base, info.previous))
        g.add((node, DCAT3.previousVersion, previous))
        g.add((node, PROV.wasRevisionOf, previous))
    for doc_id, doc in sorted(info.documents.items()):
        if not doc.get("sha256"):
            continue
        source = URIRef(f"{node}#source-{doc_id}")
        checksum = URIRef(f"{node}#source-{doc_id}-checksum")
        g.add((node, PROV.wasDerivedFrom, source))
        g.add((source, RDF.type, PROV.Entity))
        g.add((source, PROV.specializationOf, URIRef(document_iri(base, doc_id))))
        g.add((source, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, algorithm))
        g.add((checksum, SPDX.checksumValue, Literal(doc["sha256"], datatype=XSD.hexBinary)))
    return node


def codelists_graph() -> Graph:
    """The local copies of the code lists (see codelists/README.md)."""
    g = Graph()
    for path in sorted(CODELISTS.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


_DATES = """
PREFIX mg: <https://w3id.org/modgraph/def#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT (MIN(?start) AS ?first) (MAX(?end) AS ?last) WHERE {
  { ?d mg:earliest ?start ; mg:latest ?end }
  UNION { ?d time:inXSDDate ?v . BIND(?v AS ?start) BIND(?v AS ?end) }
}
"""


def _coverage(store: ox.Store, graph: str) -> tuple[str | None, str | None]:
    rows = list(select(store, _DATES, default_graph=ox.NamedNode(graph)))
    if not rows:
        return None, None
    first, last = rows[0]["first"], rows[0]["last"]
    return (first.value[:10] if first else None), (last.value[:10] if last else None)


def _spatial(store: ox.Store, settings: Settings, base: str, graph: str, doc_id: str) -> list[str]:
    """The geocoding IRIs of one document's dataset: those of the ``geocoding`` things its graph names
    (or of ``document/<id>``), else the project's ``spatial``."""
    found = set()
    for key, code in settings.geocoding:
        kind, _, ident = key.partition("/")
        if kind == "document":
            if ident == doc_id:
                found.add(code)
            continue
        iri = ox.NamedNode(data_iri(base, *key.split("/")))
        if store.query(f"ASK {{ {{ {iri} ?p ?o }} UNION {{ ?s ?p {iri} }} }}", default_graph=ox.NamedNode(graph)):
            found.add(code)
    if not found and settings.spatial:
        found.add(geocoding_iri(settings.spatial))
    return sorted(found)


#: what a dataset lacks when a setting is not given: (setting, German, English)
GAPS = {
    "contributor_id": ("GovData-Contributor-ID", "GovData contributor id"),
    "attribution": ("Namensnennungstext der Lizenz", "attribution text of the licence"),
    "spatial": ("räumliche Abdeckung (politische Geokodierung)", "spatial coverage (political geocoding)"),
}


def dataset_gaps(settings: Settings, spatial: list[str]) -> list[str]:
    """The settings (``GAPS`` keys) a dataset misses."""
    missing = [name for name in ("contributor_id", "attribution") if not getattr(settings, name)]
    return missing + ([] if spatial else ["spatial"])


def publication_gaps(settings: Settings, info: BuildInfo, store: ox.Store) -> dict[str, list[str]]:
    """Per document id, the publication metadata its dataset lacks (empty lists left out): what the
    build warns about. The settings to give are named in ``GAPS``."""
    base = info.base_iri
    gaps = {}
    for doc_id, doc in info.documents.items():
        missing = dataset_gaps(settings, _spatial(store, settings, base, doc["graph"], doc_id))
        if missing:
            gaps[doc_id] = missing
    return gaps


class StoreFacts:
    """What the catalogue reads of the store, each looked up once: every document's spatial coverage
    (``_spatial``) and every graph's first and last date (``_coverage``). The whole dataset asks for all of them,
    each document's dataset for its own, and both profiles ask again: at ×400 the corpus that was 48,000 queries
    for 16,000 answers."""

    def __init__(self, store: ox.Store, settings: Settings, base: str):
        self.store, self.settings, self.base = store, settings, base
        self._spatial: dict[tuple[str, str], list[str]] = {}
        self._coverage: dict[str, tuple[str | None, str | None]] = {}

    def spatial(self, graph: str, doc_id: str) -> list[str]:
        """``_spatial`` of one document's graph."""
        key = (graph, doc_id)
        if key not in self._spatial:
            self._spatial[key] = _spatial(self.store, self.settings, self.base, graph, doc_id)
        return self._spatial[key]

    def coverage(self, graph: str) -> tuple[str | None, str | None]:
        """``_coverage`` of one graph."""
        if graph not in self._coverage:
            self._coverage[graph] = _coverage(self.store, graph)
        return self._coverage[graph]


class CatalogueBuilder:
    """Builds the DCAT-AP.de catalogue graph (small: rdflib terms in a ``Triples`` set, written by pyoxigraph)."""

    def __init__(
        self,
        settings: Settings,
        info: BuildInfo,
        manifest: dict[str, dict],
        store: ox.Store,
        profile: str = PROFILE_DE3,
        releases: list[BuildInfo] | None = None,
        facts: StoreFacts | None = None,
    ):
        self.s, self.info, self.manifest, self.store, self.profile = settings, info, manifest, store, profile
        #: the store's answers, shared by the profiles of one ``write_catalogue``
        self.facts = facts or StoreFacts(store, settings, info.base_iri)
        #: the releases the catalogue lists, oldest first, this build's last (``modgraph.store.releases.history``)
        self.releases = releases or [info]
        self.base = info.base_iri
        self.g = Triples()
        for prefix, ns in {
            **PREFIXES,
            "dcat": str(DCAT),
            "vcard": str(VCARD),
            "spdx": str(SPDX),
            "dcatde": str(DCATDE),
            "dcatap": str(DCATAP),
            "foaf": str(FOAF),
            "prov": str(PROV),
        }.items():
            self.g.bind(prefix, ns)
        self.catalog = URIRef(catalog_iri(self.base))
        self.publisher = URIRef(catalog_iri(self.base, "publisher"))
        self.contact = URIRef(catalog_iri(self.base, "contact"))
        self.service = URIRef(catalog_iri(self.base, "sparql"))
        self.modified = date_time(info.created)

    def add(self, s, p, o) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def texts(self, s, p, de: str, en: str) -> None:
        self.add(s, p, Literal(de, lang="de"))
        self.add(s, p, Literal(en, lang="en"))

    def titled(self, s, title: tuple[str, str], description: tuple[str, str]) -> None:
        """``dct:title`` and ``dct:description`` of a node, each in German and English."""
        self.texts(s, DCTERMS.title, *title)
        self.texts(s, DCTERMS.description, *description)

    def licensed(self, s) -> None:
        """The licence (``licence``) and the attribution text it requires (``attribution``, else the publisher)."""
        self.add(s, DCTERMS.license, URIRef(self.s.licence))
        self.add(s, DCATDE.licenseAttributionByText, Literal(self.s.attribution or self.s.publisher_name, lang="de"))

    def build(self) -> Triples:
        g, c = self.g, self.catalog
        self.add(c, RDF.type, DCAT.Catalog)
        self.titled(
            c,
            (
                "modgraph – Wissensgraph der Verwaltungsmodernisierung",
                "modgraph – knowledge graph of public-administration modernisation",
            ),
            (
                f"Katalog der offenen Daten von {self.s.publisher_name}: Programme, Handlungsfelder, Ziele, Maßnahmen, "
                f"Beschlüsse, Kennzahlen und Haushaltsmittel der Verwaltungsmodernisierung aus {len(self.info.documents)} "
                "Quelldokumenten, jede Aussage mit der Textstelle ihres Quelldokuments belegt.",
                f"Open-data catalogue of {self.s.publisher_name}: programmes, action fields, goals, measures, decisions, "
                f"key figures and budgets of administration modernisation from {len(self.info.documents)} source "
                "documents, every statement backed by the passage of its source document.",
            ),
        )
        self.add(c, DCTERMS.publisher, self.publisher)
        self.add(c, FOAF.homepage, URIRef(self.base))
        self.add(c, DCTERMS.language, LANGUAGE_DE)
        self.add(c, DCTERMS.license, URIRef(self.s.licence))
        self.add(c, DCTERMS.issued, Literal(FIRST_ISSUED.isoformat(), datatype=XSD.date))
        self.add(c, DCTERMS.modified, self.modified)
        self.add(c, DCAT.themeTaxonomy, URIRef(AUTH + "data-theme"))
        self.add(c, DCTERMS.conformsTo, URIRef(PROFILES[self.profile]))
        self.agent()
        self.add(c, DCAT.service, self.service)
        whole = self.dataset(None)
        self.add(c, DCAT.dataset, whole)
        for doc_id in self.info.documents:
            ds = self.dataset(doc_id)
            self.add(c, DCAT.dataset, ds)
            self.add(whole, DCTERMS.hasPart, ds)
            self.add(ds, DCTERMS.isPartOf, whole)
        self.data_service(whole)
        self.release(whole)
        return g

    def release(self, whole: URIRef) -> None:
        """The whole dataset as this release (number, time, predecessor), and every kept release described."""
        info = self.info
        self.add(whole, DCAT3.version, Literal(str(info.version)))
        if self.profile == PROFILE_DE2:  # DCAT-AP 2.1.1 names the version with owl:versionInfo
            self.add(whole, OWL.versionInfo, Literal(str(info.version)))
        self.add(whole, PROV.generatedAtTime, self.modified)
        for release in self.releases:
            node = add_release(self.g, release, CHECKSUM_ALGORITHM[self.profile])
            if release.id == info.id:
                self.add(whole, DCAT3.hasCurrentVersion, node)
                self.add(whole, PROV.wasDerivedFrom, node)
        if info.previous:
            previous = URIRef(release_iri(self.base, info.previous))
            self.add(whole, DCAT3.previousVersion, previous)
            self.add(whole, PROV.wasRevisionOf, previous)

    def agent(self) -> None:
        p, k = self.publisher, self.contact
        self.add(p, RDF.type, FOAF.Agent)
        self.add(p, RDF.type, FOAF.Organization)
        self.add(p, FOAF.name, Literal(self.s.publisher_name))
        self.add(p, FOAF.homepage, URIRef(self.s.publisher_url or self.base))
        self.add(p, DCTERMS.type, URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation"))
        self.add(k, RDF.type, VCARD.Kind)
        self.add(k, RDF.type, VCARD.Organization)
        self.add(k, VCARD.fn, Literal(self.s.publisher_name))
        if self.s.contact_email:
            self.add(k, VCARD.hasEmail, URIRef("mailto:" + self.s.contact_email))
        self.add(k, VCARD.hasURL, URIRef(self.s.contact_url or self.base))

    def dataset(self, doc_id: str | None) -> URIRef:
        ds = dataset_iri(self.base, doc_id)
        info = self.info
        self.add(ds, RDF.type, DCAT.Dataset)
        if doc_id is None:
            self.titled(
                ds,
                ("modgraph – der vollständige Wissensgraph", "modgraph – the complete knowledge graph"),
                (
                    f"Alle {len(info.graphs)} benannten Graphen des Builds {info.id} ({info.triples} Tripel): die "
                    f"Quelldokumente ({len(info.documents)}), das Register gemeinsamer Entitäten, Verknüpfungen, "
                    "Ontologie und SHACL-Shapes.",
                    f"All {len(info.graphs)} named graphs of build {info.id} ({info.triples} triples): the source "
                    f"documents ({len(info.documents)}), the registry of shared entities, links, ontology and SHACL shapes.",
                ),
            )
            landing = URIRef(self.base)
            spatial = sorted({c for i, d in info.documents.items() for c in self.facts.spatial(d["graph"], i)})
            first, last = self._span(info.data_graphs)
        else:
            doc = info.documents[doc_id]
            self.titled(
                ds,
                (f"modgraph: {doc['label']}", f"modgraph: {doc['label']} (statements extracted)"),
                (
                    f"Die aus dem Dokument „{doc['label']}“ ({doc.get('issued', '')}) gewonnenen Aussagen, jede mit ihrer "
                    f"Textstelle belegt: {info.graphs.get(doc['graph'], 0)} Tripel im benannten Graphen {doc['graph']}.",
                    f"The statements extracted from the document “{doc['label']}” ({doc.get('issued', '')}), each backed "
                    f"by its passage: {info.graphs.get(doc['graph'], 0)} triples in the named graph {doc['graph']}.",
                ),
            )
            landing = URIRef(page_url(document_iri(self.base, doc_id), self.base))
            spatial = self.facts.spatial(doc["graph"], doc_id)
            first, last = self._span([doc["graph"]])
            self.add(ds, DCTERMS.relation, URIRef(document_iri(self.base, doc_id)))
        self.add(ds, DCTERMS.identifier, Literal(str(ds)))
        self.add(ds, DCTERMS.publisher, self.publisher)
        self.add(ds, DCAT.contactPoint, self.contact)
        if self.s.contributor_id:
            self.add(ds, DCATDE.contributorID, URIRef(self.s.contributor_id))
        missing = dataset_gaps(self.s, spatial)
        if missing:  # the entry says what the project has not given
            for lang, word, n in (("de", "Es fehlen", 0), ("en", "Missing", 1)):
                old = next(d for d in self.g.objects(ds, DCTERMS.description) if getattr(d, "language", None) == lang)
                self.g.remove((ds, DCTERMS.description, old))
                gap = f" {word}: " + ", ".join(GAPS[m][n] for m in missing) + "."
                self.add(ds, DCTERMS.description, Literal(str(old) + gap, lang=lang))
        self.add(ds, DCAT.theme, THEME)
        for kw in KEYWORDS_DE:
            self.add(ds, DCAT.keyword, Literal(kw, lang="de"))
        for kw in KEYWORDS_EN:
            self.add(ds, DCAT.keyword, Literal(kw, lang="en"))
        self.add(ds, DCAT.landingPage, landing)
        self.add(ds, DCTERMS.language, LANGUAGE_DE)
        self.add(ds, DCTERMS.issued, Literal(FIRST_ISSUED.isoformat(), datatype=XSD.date))
        self.add(ds, DCTERMS.modified, self.modified)
        self.add(ds, DCTERMS.accrualPeriodicity, FREQUENCY)
        self.add(ds, DCTERMS.accessRights, ACCESS_PUBLIC)
        self.add(ds, DCTERMS.conformsTo, URIRef(DEF))
        for code in spatial:
            self.add(ds, DCTERMS.spatial, URIRef(code))
        if spatial:
            level = "municipality" if all("regionalKey" in c for c in spatial) else "state"
            self.add(
                ds, DCATDE.politicalGeocodingLevelURI, URIRef(f"http://dcat-ap.de/def/politicalGeocoding/Level/{level}")
            )
        if first or last:
            period = URIRef(f"{ds}-period")
            self.add(ds, DCTERMS.temporal, period)
            self.add(period, RDF.type, DCTERMS.PeriodOfTime)
            if first:
                self.add(period, DCAT.startDate, Literal(first, datatype=XSD.date))
            if last:
                self.add(period, DCAT.endDate, Literal(last, datatype=XSD.date))
        # distributions
        if doc_id is None:
            for name, (_, ftype, media, label) in DUMPS.items():
                self.distribution(
                    ds,
                    name,
                    ftype,
                    media,
                    label,
                    "der vollständige Graph (alle benannten Graphen)",
                    "the complete graph (all named graphs)",
                )
            self.sparql_distribution(ds)
        else:
            _, ftype, media, label = DOCUMENT_DUMP
            self.distribution(
                ds,
                document_dump(doc_id),
                ftype,
                media,
                label,
                f"benannter Graph von {doc_id}",
                f"named graph of {doc_id}",
            )
        return ds

    def _span(self, graphs: list[str]) -> tuple[str | None, str | None]:
        firsts, lasts = [], []
        for graph in graphs:
            start, end = self.facts.coverage(graph)
            firsts += [start] if start else []
            lasts += [end] if end else []
        return (min(firsts) if firsts else None), (max(lasts) if lasts else None)

    def distribution(
        self, ds: URIRef, name: str, ftype: str, media: str, label: str, what_de: str, what_en: str
    ) -> URIRef:
        entry = self.manifest[name]
        dist = URIRef(catalog_iri(self.base, "distribution-" + name.replace(".", "-")))
        url = URIRef(site_url(self.base, f"downloads/{name}"))
        self.add(ds, DCAT.distribution, dist)
        self.add(dist, RDF.type, DCAT.Distribution)
        self.titled(
            dist,
            (f"{label}, gzip: {what_de}", f"{label}, gzip: {what_en}"),
            (
                f"{label}-Datei (gzip-komprimiert), bei jedem Build neu erzeugt: {what_de}.",
                f"{label} file (gzip-compressed), regenerated by every build: {what_en}.",
            ),
        )
        self.add(dist, DCAT.accessURL, url)
        self.add(dist, DCAT.downloadURL, url)
        self.add(dist, DCTERMS.format, URIRef(AUTH + "file-type/" + ftype))
        self.add(dist, DCAT.mediaType, URIRef(IANA + media))
        self.add(dist, DCAT.compressFormat, URIRef(IANA + "application/gzip"))
        self.licensed(dist)
        self.add(dist, DCATAP.availability, AVAILABILITY)
        self.add(dist, DCTERMS.modified, self.modified)
        self.add(dist, DCAT.byteSize, Literal(str(entry["bytes"]), datatype=BYTESIZE_DATATYPE[self.profile]))
        checksum = URIRef(f"{dist}-checksum")
        self.add(dist, SPDX.checksum, checksum)
        self.add(checksum, RDF.type, SPDX.Checksum)
        self.add(checksum, SPDX.algorithm, CHECKSUM_ALGORITHM[self.profile])
        self.add(checksum, SPDX.checksumValue, Literal(entry["sha256"], datatype=XSD.hexBinary))
        self.add(dist, DCTERMS.conformsTo, URIRef(DEF))
        return dist

    def sparql_distribution(self, ds: URIRef) -> None:
        dist = URIRef(catalog_iri(self.base, "distribution-sparql"))
        self.add(ds, DCAT.distribution, dist)
        self.add(dist, RDF.type, DCAT.Distribution)
        self.titled(
            dist,
            ("SPARQL-Endpunkt", "SPARQL endpoint"),
            (
                "Abfrage des aktuellen Graphen über das SPARQL-1.1-Protokoll.",
                "Query the current graph with the SPARQL 1.1 protocol.",
            ),
        )
        self.add(dist, DCAT.accessURL, URIRef(site_url(self.base, "sparql")))
        self.add(dist, DCAT.accessService, self.service)
        self.add(dist, DCTERMS.format, URIRef(AUTH + "file-type/SPARQLQ"))
        self.add(dist, DCAT.mediaType, URIRef(IANA + "application/sparql-query"))
        self.licensed(dist)
        self.add(dist, DCTERMS.modified, self.modified)

    def data_service(self, whole: URIRef) -> None:
        sv = self.service
        self.add(sv, RDF.type, DCAT.DataService)
        self.titled(
            sv,
            ("modgraph SPARQL-Endpunkt", "modgraph SPARQL endpoint"),
            (
                "Nur-lesender SPARQL-1.1-Endpunkt; der Standardgraph ist die Vereinigung der Dokumentgraphen.",
                "Read-only SPARQL 1.1 endpoint; the default graph is the union of the document graphs.",
            ),
        )
        self.add(sv, DCAT.endpointURL, URIRef(site_url(self.base, "sparql")))
        self.add(sv, DCAT.endpointDescription, URIRef(site_url(self.base, "sparql")))
        self.add(sv, DCAT.servesDataset, whole)
        self.add(sv, DCTERMS.publisher, self.publisher)
        self.add(sv, DCAT.contactPoint, self.contact)
        self.add(sv, DCAT.theme, THEME)
        self.licensed(sv)
        self.add(sv, DCTERMS.accessRights, ACCESS_PUBLIC)
        self.add(sv, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/"))


def catalogue_graph(
    settings: Settings, info: BuildInfo, manifest: dict[str, dict], store: ox.Store, **options
) -> Graph:
    """The catalogue of a build; ``options``: ``profile`` (default DCAT-AP.de 3.0), ``releases`` (the kept
    releases it lists, default this one alone), ``facts`` (a ``StoreFacts`` shared with other calls).
    ``write_catalogue`` writes the builder's triples without making this rdflib graph."""
    return CatalogueBuilder(settings, info, manifest, store, **options).build().graph()


def catalog_file(profile: str, ext: str) -> str:
    return ("catalog" if profile == PROFILE_DE3 else f"catalog-{profile}") + f".{ext}"


def write_catalogue(
    build: Build, store: ox.Store, info: BuildInfo, manifest: dict[str, dict], settings: Settings
) -> None:
    kept = history(StoreLocation(build.path.parent.parent), info, settings.keep_releases)
    facts = StoreFacts(store, settings, info.base_iri)
    for profile in PROFILES:
        g = CatalogueBuilder(settings, info, manifest, store, profile=profile, releases=kept, facts=facts).build()
        files = serializations(g, [getattr(ox.RdfFormat, fmt.oxigraph) for fmt in CATALOG_FORMATS.values()])
        for ext, data in zip(CATALOG_FORMATS, files, strict=True):
            (build.downloads / catalog_file(profile, ext)).write_bytes(data)
