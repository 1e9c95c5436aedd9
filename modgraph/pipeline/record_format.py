"""The record format: the exact schema of the curated records (``records/README.md``) as pydantic models.

One model per kind of record (``KINDS``), the nested items (status, deadline, observation, period), the
document header, and which fields refer to other records (``TYPED_REFS``, ``UNTYPED_REFS``). Reading the
YAML files and the checks across records are in ``modgraph.pipeline.records``.

Why this module is long: it is the one schema of every kind of record (one pydantic model each); the
model terms of issue 13 added kinds and fields, and the schema is read best in one place.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from modgraph.pipeline.amounts import Amount, AmountError, parse_amount
from modgraph.pipeline.dates import DateError, PartialDate, parse_date
from modgraph.relations import RECORD_TYPES

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")


# --------------------------------------------------------------------------- field types


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if not k.startswith("__")}
    try:
        return parse_date(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None


def _amount(value: Any) -> Amount:
    if isinstance(value, Amount):
        return value
    try:
        return parse_amount(str(value))
    except AmountError as exc:
        raise ValueError(str(exc)) from None


Quotes = Annotated[list[str], BeforeValidator(_as_list), Field(min_length=1)]
Texts = Annotated[list[str], BeforeValidator(_as_list)]
Date = Annotated[PartialDate, BeforeValidator(_date)]
AmountText = Annotated[Amount, BeforeValidator(_amount)]
Ref = str  # "kind:id" where the kind is not fixed by the field

STATUS_CODES = (
    "planned",
    "in-preparation",
    "not-started",
    "in-progress",
    "completed",
    "suspended",
    "merged",
    "line-task",
    "continued-outside",
    "dissolved",
    "no-longer-a-project",
    "decided",
    "reported",
)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, populate_by_name=True)
    line: int = Field(0, alias="__line__")
    keylines: dict[str, int] = Field(default_factory=dict, alias="__keylines__", exclude=True)


class Period(Model):
    start: Date | None = None
    end: Date | None = None


class Status(Model):
    value: Literal[STATUS_CODES]  # type: ignore[valid-type]
    as_of: Date
    quote: Quotes
    note: str | None = None


class Deadline(Model):
    label: str
    due: Date
    kind: Literal["deadline", "milestone", "report", "target"] = "deadline"
    decision: str | None = None  # the decision that set the deadline
    quote: Quotes
    note: str | None = None


CHANGES = ("increase", "decrease")


class Observation(Model):
    type: Literal["plan", "actual", "target", "baseline", "forecast"]
    period: Date | None = None
    value: str | None = None  # as written; left out where the source states no value at all
    #: the value is a change against the current level ("ca. 10" more), not an absolute level; absent: absolute
    change: Literal[CHANGES] | None = None  # type: ignore[valid-type]
    quote: Quotes
    note: str | None = None


REVIEW_STATES = ("proposed", "accepted", "rejected")


class Draft(Model):
    """How a record was proposed by ``modgraph draft`` and what review decided.

    A record with a ``draft`` block reaches the graph only once its ``review`` is ``accepted``
    (``modgraph review``); a curated record has no such block.
    """

    reason: str  # why the rule proposed it ("numbered heading 3.2", "pattern Senator/in für …")
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    review: Literal[REVIEW_STATES] = "proposed"  # type: ignore[valid-type]
    candidate: bool = False  # a relation the drafter only guesses (same topic by similarity)
    similarity: float | None = Field(None, ge=0.0, le=100.0)  # rapidfuzz score of a candidate relation
    publisher: bool = False  # a body proposed as the document's publisher: accepting it adds it to the header


#: the fields a curator may name in ``evidence`` (``modgraph.pipeline.mapping.FIELD_PROPERTIES`` maps each to
#: the properties it is stated with)
EVIDENCE_FIELDS = frozenset(
    (
        "label alt_labels description notation responsible participants programme field part_of target_group "
        "effects period cost volume funded_by decisions goals place date body number decides about addressees due "
        "adopted adopted_by organisers attendees provider recipient launched available_in listed_in of site territory"
    ).split()
)


class Entity(Model):
    """Fields every kind of record has."""

    id: str
    label: str
    label_en: str | None = None
    alt_labels: Texts = Field(default_factory=list)
    also_written: Texts = Field(default_factory=list)
    description: str | None = None
    quote: Texts = Field(
        default_factory=list
    )  # required in document files (checked by verify_quotes); the registry has none
    note: str | None = None
    draft: Draft | None = None  # proposed by ``modgraph draft``; left out of a build until accepted
    #: IRIs this record had before a model change (``kind:id``, e.g. a goal that became a focus): published
    #: as ``owl:sameAs`` so that the old IRI keeps resolving to the thing
    former_ids: Texts = Field(default_factory=list)
    #: which of the record's quotes supports a field, where the automatic choice (the quote that holds the value
    #: or its label) is wrong: ``{field: quote}``, the quote one of ``quote`` (statement-level provenance)
    evidence: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _evidence_quotes(self) -> Entity:
        for name, quote in self.evidence.items():
            if name not in EVIDENCE_FIELDS or name not in type(self).model_fields:
                raise ValueError(f"evidence: {name!r} is not a field of this kind that a quote can support")
            if quote not in self.quote:
                raise ValueError(f"evidence: the quote for {name!r} must be one of the record's quotes")
        return self

    @property
    def unreviewed(self) -> bool:
        """A draft that review has not accepted (proposed or rejected): never built."""
        return self.draft is not None and self.draft.review != "accepted"

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"ids are lower-case words with - . and / (got {value!r})")
        return value


class Organisation(Entity):
    type: Literal["public-body", "unit", "company", "committee", "organisation", "state", "municipality"] = (
        "organisation"
    )
    part_of: str | None = None
    site: str | None = None
    territory: str | None = None  # the place (state, city) whose body it is ("Freie Hansestadt Bremen" → Land Bremen)


class Person(Entity):
    pass


class Membership(Entity):
    person: str
    organisation: str | None = None
    role: str
    attested: Date | None = None
    period: Period | None = None


class Place(Entity):
    type: Literal["state", "city", "district", "address", "site", "region", "country"] = "site"
    part_of: str | None = None
    address: str | None = None


class Programme(Entity):
    type: Literal["programme", "strategy", "concept", "plan"] = "programme"
    short_name: str | None = None
    responsible: Texts = Field(default_factory=list)
    part_of: str | None = None
    based_on: Texts = Field(default_factory=list)
    adopted: Date | None = None
    adopted_by: str | None = None
    period: Period | None = None
    place: str | None = None


class Evidence(Model):
    """A fact of a record that is a plain yes, with the passage that states it."""

    quote: Quotes
    note: str | None = None


class Field_(Entity):
    programme: str
    notation: str | None = None
    status: list[Status] = Field(default_factory=list)
    #: the field acts across the whole administration ("verwaltungsübergreifendes Handeln"), with its passage
    cross_cutting: Evidence | None = None


class Catalogue(Entity):
    """A list of measures a document gives (or names) as its annex or catalogue ("Anlage: Übersicht über die
    Maßnahmen"). ``in_source``: the list itself is part of the source text (False: only referred to)."""

    programme: str | None = None
    in_source: bool = True


class Focus(Entity):
    """A focus ("Schwerpunkt") of a programme, field or measure: an area its measures concentrate on, not a goal."""

    of: Annotated[list[Ref], BeforeValidator(_as_list), Field(min_length=1)]
    notation: str | None = None


class FieldMove(Model):
    """A measure moved from one field to another ("wurde dem Entwicklungsfeld 6 … zugeordnet")."""

    from_field: str = Field(alias="from")
    to_field: str = Field(alias="to")
    as_of: Date
    quote: Quotes
    note: str | None = None


class Principle(Entity):
    programme: str
    notation: str | None = None


class Goal(Entity):
    of: Annotated[list[Ref], BeforeValidator(_as_list), Field(min_length=1)]
    notation: str | None = None


class Measure(Entity):
    notation: str | None = None
    programme: str | None = None
    field: str | None = None
    part_of: str | None = None
    responsible: Texts = Field(default_factory=list)
    participants: Texts = Field(default_factory=list)
    target_group: str | None = None
    effects: Texts = Field(default_factory=list)
    status: list[Status] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    period: Period | None = None
    cost: AmountText | None = None
    funded_by: Texts = Field(default_factory=list)
    decisions: Texts = Field(default_factory=list)
    goals: Texts = Field(default_factory=list)
    place: str | None = None
    listed_in: Texts = Field(default_factory=list)  # catalogues (annexes) that list the measure
    moves: list[FieldMove] = Field(default_factory=list)  # moves between fields, dated


class KeyFigure(Entity):
    of: Ref
    unit: str = ""
    observations: list[Observation] = Field(default_factory=list)


class BudgetLine(Entity):
    measure: str
    item: str
    fiscal_year: Date
    planned: AmountText | None = None
    actual: AmountText | None = None
    deviation: AmountText | None = None


class Fund(Entity):
    type: Literal["special-fund", "investment-programme", "budget", "grant", "funds"] = "funds"
    volume: AmountText | None = None
    funded_by: Texts = Field(default_factory=list)
    provider: str | None = None
    recipient: Ref | None = None
    period: Period | None = None
    decisions: Texts = Field(default_factory=list)


class Decision(Entity):
    type: Literal["senate-decision", "senate-proposal", "resolution", "agreement", "treaty", "law"] = "senate-decision"
    body: str | None = None
    date: Date | None = None
    number: str | None = None
    decides: str | None = None
    about: Texts = Field(default_factory=list)
    addressees: Texts = Field(default_factory=list)
    due: Date | None = None


class Event(Entity):
    type: Literal["event", "conference", "opening", "award", "meeting", "publication", "move"] = "event"
    date: Date | None = None
    end: Date | None = None
    place: str | None = None
    organisers: Texts = Field(default_factory=list)
    participants: Texts = Field(default_factory=list)  # organisations
    attendees: Texts = Field(default_factory=list)  # kind:id of persons (or organisations) who took part
    about: Texts = Field(default_factory=list)


SERVICE_TYPES = ("online-service", "telephone-service", "public-service", "internal-service", "software-product")


class Service(Entity):
    type: Literal[SERVICE_TYPES] = "online-service"  # type: ignore[valid-type]
    provider: str | None = None
    launched: Date | None = None
    available_in: Texts = Field(default_factory=list)
    part_of: str | None = None


class Relation(Entity):
    label: str = ""
    subject: Ref
    type: Literal[RECORD_TYPES]  # type: ignore[valid-type]
    object: Ref
    as_of: Date | None = None


KINDS: dict[str, type[Entity]] = {
    "organisation": Organisation,
    "person": Person,
    "membership": Membership,
    "place": Place,
    "programme": Programme,
    "field": Field_,
    "catalogue": Catalogue,
    "focus": Focus,
    "principle": Principle,
    "goal": Goal,
    "measure": Measure,
    "key-figure": KeyFigure,
    "budget-line": BudgetLine,
    "fund": Fund,
    "decision": Decision,
    "event": Event,
    "service": Service,
    "relation": Relation,
}

# Fields that refer to records of a fixed kind (everything else that refers is "kind:id").
TYPED_REFS: dict[str, str] = {
    "part_of": "",  # same kind as the record itself
    "site": "place",
    "place": "place",
    "person": "person",
    "organisation": "organisation",
    "responsible": "organisation",
    "participants": "organisation",
    "programme": "programme",
    "field": "field",
    "funded_by": "fund",
    "decisions": "decision",
    "goals": "goal",
    "adopted_by": "decision",
    "based_on": "programme",
    "measure": "measure",
    "provider": "organisation",
    "body": "organisation",
    "addressees": "organisation",
    "organisers": "organisation",
    "publisher": "organisation",
    "decision": "decision",
    "listed_in": "catalogue",
    "from_field": "field",
    "to_field": "field",
    "territory": "place",
}
UNTYPED_REFS = ("of", "recipient", "about", "subject", "object", "available_in", "attendees")
# Fields whose kind:id references may also point at persons or places.


class Document(Model):
    id: str
    file: str
    label: str
    label_en: str | None = None
    type: Literal["senate-proposal", "annual-report", "press-release", "web-page", "concept"]
    issued: Date
    publisher: Texts = Field(default_factory=list)
    language: str = "de"
    quote: Quotes
    note: str | None = None
    #: the ingested original (``modgraph ingest``): its file under corpus/ and SHA-256; ``file`` is then
    #: the normalised text that quotes are found in
    original: str | None = None
    original_sha256: str | None = None
