"""OAI-PMH 2.0 at /oai/: every verb against the schemas, paging, deletions, errors, a harvester."""

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pytest
import xmlschema
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from sickle import Sickle

from documents import services
from documents.models import Document, DocumentType
from documents.oai import _from_token, _identifier, _token
from documents.oai_records import Header, Selection
from powg.visibility import Status, Visibility
from tests import factories
from tests.documents.conftest import pdf_bytes

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2] / "documents" / "oai_schemas"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UTC = datetime.UTC


@pytest.fixture(scope="module")
def oai_schema():
    """OAI-PMH.xsd with oai_dc.xsd for the records' metadata: local files only."""
    return xmlschema.XMLSchema(
        str(SCHEMAS / "OAI-PMH.xsd"), locations=[(NS["oai_dc"], str(SCHEMAS / "oai_dc.xsd"))]
    )


@pytest.fixture(scope="module")
def dc_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "oai_dc.xsd"))


@pytest.fixture
def ask(client, oai_schema, dc_schema):
    """GET /oai/ with these arguments; the parsed answer, checked against both schemas."""

    def ask(*pairs, **arguments):
        query = urlencode([*pairs, *arguments.items()])
        response = client.get(f"/oai/?{query}")
        return checked(response, oai_schema, dc_schema)

    return ask


def checked(response, oai_schema, dc_schema):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    text = response.content.decode()
    errors = list(oai_schema.iter_errors(text, use_location_hints=False))
    assert errors == [], errors[:1]
    root = ET.fromstring(response.content)
    for dc in root.iterfind(".//oai_dc:dc", NS):
        assert list(dc_schema.iter_errors(ET.tostring(dc, encoding="unicode"))) == []
    return root


def error_code(root):
    errors = root.findall("oai:error", NS)
    assert len(errors) == 1, ET.tostring(root)
    return errors[0].get("code")


def identifiers(root, deleted=None):
    headers = root.iterfind(".//oai:header", NS)
    return [
        h.findtext("oai:identifier", namespaces=NS)
        for h in headers
        if deleted is None or (h.get("status") == "deleted") == deleted
    ]


def token_of(root):
    return root.find(".//oai:resumptionToken", NS)


def harvest(ask, verb="ListIdentifiers", **arguments):
    """Every page of a list, following the tokens: (pages, identifiers in order)."""
    pages = [ask(verb=verb, metadataPrefix="oai_dc", **arguments)]
    while (token := token_of(pages[-1])) is not None and token.text:
        pages.append(ask(verb=verb, resumptionToken=token.text))
    return pages, [i for page in pages for i in identifiers(page)]


def oai_id(document):
    return _identifier(document.pk)


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def dated(document, moment):
    """Give a document this last change (and publication) time, as if edited then."""
    Document.objects.filter(pk=document.pk).update(updated_at=moment, published_at=moment)


# --- Identify, ListMetadataFormats, ListSets ----------------------------------------------


def test_identify(ask):
    old = factories.DocumentFactory()
    dated(old, at("2021-03-04T05:06:07.5"))
    factories.DocumentFactory()
    root = ask(verb="Identify")
    identify = root.find("oai:Identify", NS)
    assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == "2021-03-04T05:06:07Z"
    assert "Peace Operations Working Group" in identify.findtext(
        "oai:repositoryName", namespaces=NS
    )
    assert root.find("oai:request", NS).attrib == {"verb": "Identify"}
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.findtext("oai:responseDate", namespaces=NS)
    )


def test_identify_on_an_empty_repository(ask):
    assert ask(verb="Identify").find("oai:Identify", NS) is not None


def test_list_metadata_formats(ask):
    document = factories.DocumentFactory()
    for root in (
        ask(verb="ListMetadataFormats"),
        ask(verb="ListMetadataFormats", identifier=oai_id(document)),
    ):
        formats = root.findall(".//oai:metadataFormat", NS)
        assert [f.findtext("oai:metadataPrefix", namespaces=NS) for f in formats] == ["oai_dc"]
        assert formats[0].findtext("oai:metadataNamespace", namespaces=NS) == NS["oai_dc"]


def test_list_sets_one_per_theme_and_per_type(ask):
    factories.ThematicAreaFactory(
        name="Women, peace and security", name_fr="Femmes, paix et sécurité", slug="wps"
    )
    root = ask(verb="ListSets")
    sets = {
        s.findtext("oai:setSpec", namespaces=NS): s.findtext("oai:setName", namespaces=NS)
        for s in root.iterfind(".//oai:set", NS)
    }
    assert sets["theme:wps"] == "Women, peace and security / Femmes, paix et sécurité"
    assert {f"type:{value}" for value in DocumentType.values} <= set(sets)
    assert sets["type:report"] == "Report / Rapport"
    assert "theme" in sets and "type" in sets  # the parents of the hierarchy


# --- records ------------------------------------------------------------------------------


def test_a_record_in_dublin_core(ask):
    theme = factories.ThematicAreaFactory(
        name="Protection of civilians", name_fr="Protection des civils", slug="poc"
    )
    organization = factories.OrganizationFactory(
        name="Canadian Peacebuilding Coordinating Committee"
    )
    document = factories.DocumentFactory(
        title="Civilians <first> & foremost\x0c",
        subtitle="A roundtable",
        slug="civilians-first",
        document_type=DocumentType.ROUNDTABLE_REPORT,
        summary="What the roundtable found.",
        authors=["A. Author", "B. Author"],
        publication_date=datetime.date(2007, 3, 15),
        themes=[theme],
        keywords=["rapid deployment"],
        publishing_organizations=[organization],
    )
    document.file.save("paper.pdf", ContentFile(pdf_bytes()))
    french = factories.DocumentFactory(
        title="Les civils d'abord", slug="les-civils-dabord", language="fr"
    )
    services.pair_documents(document=document, counterpart=french)

    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(document))
    header = root.find(".//oai:header", NS)
    assert header.get("status") is None
    assert [s.text for s in header.iterfind("oai:setSpec", NS)] == [
        "theme:poc",
        "type:roundtable_report",
    ]
    dc = root.find(".//oai_dc:dc", NS)

    def values(name):
        return [e.text for e in dc.iterfind(f"dc:{name}", NS)]

    assert values("title") == ["Civilians <first> & foremost: A roundtable"]
    assert dc.find("dc:title", NS).get(LANG) == "en"
    assert values("creator") == [
        "A. Author",
        "B. Author",
        "Canadian Peacebuilding Coordinating Committee",
    ]
    assert values("subject") == [
        "Protection of civilians",
        "Protection des civils",
        "rapid deployment",
    ]
    assert values("description") == ["What the roundtable found."]
    assert values("date") == ["2007-03-15"]
    assert values("type") == ["Text", "Roundtable report", "Rapport de table ronde"]
    assert values("language") == ["en"]
    assert values("format") == ["application/pdf"]
    assert values("identifier") == [
        "http://testserver/library/civilians-first/",
        "http://testserver/library/civilians-first/download/",
    ]
    assert values("relation") == ["http://testserver/fr/library/les-civils-dabord/"]


def test_a_counterpart_the_public_cannot_read_is_not_named(ask):
    document = factories.DocumentFactory(slug="open-paper")
    hidden = factories.DocumentFactory(language="fr", visibility=Visibility.MEMBERS)
    services.pair_documents(document=document, counterpart=hidden)
    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(document))
    assert root.find(".//dc:relation", NS) is None
    assert root.find(".//dc:format", NS) is None  # no file


def test_dates_as_precisely_as_they_are_known(ask):
    year = factories.DocumentFactory(
        publication_date=datetime.date(2005, 1, 1), date_precision="year"
    )
    month = factories.DocumentFactory(
        publication_date=datetime.date(2020, 6, 1), date_precision="month"
    )
    for document, date in ((year, "2005"), (month, "2020-06")):
        root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(document))
        assert root.findtext(".//dc:date", namespaces=NS) == date


def test_list_records_and_identifiers_show_the_public_documents_only(ask):
    public = factories.DocumentFactory()
    archived = factories.DocumentFactory(status=Status.ARCHIVED)  # still readable at its address
    members = factories.DocumentFactory(visibility=Visibility.MEMBERS)
    steering = factories.DocumentFactory(visibility=Visibility.STEERING)
    draft = factories.DocumentFactory(status=Status.DRAFT)
    scheduled = factories.DocumentFactory(published_at=timezone.now() + datetime.timedelta(days=2))
    announced = factories.DocumentFactory(visibility=Visibility.MEMBERS, listed_publicly=True)
    for verb in ("ListRecords", "ListIdentifiers"):
        root = ask(verb=verb, metadataPrefix="oai_dc")
        assert sorted(identifiers(root)) == sorted([oai_id(public), oai_id(archived)])
    for hidden in (members, steering, draft, scheduled, announced):
        root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(hidden))
        assert error_code(root) == "idDoesNotExist"
        assert (
            error_code(ask(verb="ListMetadataFormats", identifier=oai_id(hidden)))
            == "idDoesNotExist"
        )


def test_a_scheduled_document_is_dated_when_it_comes_due(ask):
    document = factories.DocumentFactory()
    Document.objects.filter(pk=document.pk).update(
        updated_at=at("2024-01-01T09:00:00"), published_at=at("2024-01-05T09:00:00")
    )
    root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2024-01-02"})
    assert root.findtext(".//oai:datestamp", namespaces=NS) == "2024-01-05T09:00:00Z"


# --- selective harvesting -----------------------------------------------------------------


def test_from_and_until_by_last_change(ask):
    early = factories.DocumentFactory()
    middle = factories.DocumentFactory()
    late = factories.DocumentFactory()
    dated(early, at("2024-01-01T09:59:59.9"))
    dated(middle, at("2024-01-01T10:00:00.5"))
    dated(late, at("2024-01-02T00:00:00"))

    def listed(**bounds):
        root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc", **bounds)
        if root.find("oai:error", NS) is not None:
            assert error_code(root) == "noRecordsMatch"
            return []
        return identifiers(root)

    assert listed(**{"from": "2024-01-01T10:00:00Z"}) == [oai_id(middle), oai_id(late)]
    assert listed(until="2024-01-01T10:00:00Z") == [oai_id(early), oai_id(middle)]
    assert listed(until="2024-01-01T09:59:59Z") == [oai_id(early)]
    assert listed(**{"from": "2024-01-01", "until": "2024-01-01"}) == [
        oai_id(early),
        oai_id(middle),
    ]
    assert listed(**{"from": "2024-01-02"}) == [oai_id(late)]
    assert listed(**{"from": "2024-01-03"}) == []
    assert len(listed(until="9999-12-31")) == 3
    assert len(listed(until="9999-12-31T23:59:59Z")) == 3
    assert listed(**{"from": "0001-01-01"}) == [oai_id(early), oai_id(middle), oai_id(late)]
    datestamps = [
        d.text
        for d in ask(verb="ListIdentifiers", metadataPrefix="oai_dc").iterfind(
            ".//oai:datestamp", NS
        )
    ]
    assert datestamps == ["2024-01-01T09:59:59Z", "2024-01-01T10:00:00Z", "2024-01-02T00:00:00Z"]


def test_sets(ask):
    poc, wps = factories.ThematicAreaFactory(slug="poc"), factories.ThematicAreaFactory(slug="wps")
    report = factories.DocumentFactory(themes=[poc])
    brief = factories.DocumentFactory(themes=[poc, wps], document_type=DocumentType.POLICY_BRIEF)
    untagged = factories.DocumentFactory()

    def listed(spec):
        root = ask(verb="ListRecords", metadataPrefix="oai_dc", set=spec)
        return sorted(identifiers(root)) if root.find("oai:error", NS) is None else error_code(root)

    assert listed("theme:poc") == sorted([oai_id(report), oai_id(brief)])
    assert listed("theme:wps") == [oai_id(brief)]
    assert listed("theme") == sorted([oai_id(report), oai_id(brief)])
    assert listed("type:policy_brief") == [oai_id(brief)]
    assert listed("type:report") == sorted([oai_id(report), oai_id(untagged)])
    assert listed("type") == sorted(map(oai_id, [report, brief, untagged]))
    assert listed("type:statement") == "noRecordsMatch"
    assert listed("theme:nothing") == "noRecordsMatch"
    assert listed("elsewhere") == "noRecordsMatch"


# --- resumption ---------------------------------------------------------------------------


def test_pages_follow_the_tokens_and_a_document_added_mid_harvest_waits(ask, settings):
    settings.OAI_PAGE_SIZE = 3
    documents = [factories.DocumentFactory() for _ in range(8)]
    first = ask(verb="ListRecords", metadataPrefix="oai_dc")
    started = first.findtext("oai:responseDate", namespaces=NS)
    token = token_of(first)
    assert (token.get("cursor"), token.get("completeListSize")) == ("0", "8")
    assert len(identifiers(first)) == 3
    added = factories.DocumentFactory(title="Published during the harvest")

    pages = [first]
    while (token := token_of(pages[-1])).text:
        pages.append(ask(verb="ListRecords", resumptionToken=token.text))
    assert [len(identifiers(page)) for page in pages] == [3, 3, 2]
    assert [token_of(page).get("cursor") for page in pages] == ["0", "3", "6"]
    assert {token_of(page).get("completeListSize") for page in pages} == {"8"}
    assert pages[-1].find("oai:request", NS).attrib["resumptionToken"]
    harvested = [i for page in pages for i in identifiers(page)]
    assert harvested == [oai_id(d) for d in documents]  # each once, oldest change first
    # The next incremental harvest, from when this one started, brings the new paper.
    _pages, since = harvest(ask, "ListRecords", **{"from": started})
    assert oai_id(added) in since


def test_a_document_changed_mid_harvest_is_not_sent_twice(ask, settings):
    settings.OAI_PAGE_SIZE = 2
    documents = [factories.DocumentFactory() for _ in range(4)]
    first = ask(verb="ListIdentifiers", metadataPrefix="oai_dc")
    documents[0].title = "Edited during the harvest"
    documents[0].save()  # already sent: its new datestamp is after the harvest started
    second = ask(verb="ListIdentifiers", resumptionToken=token_of(first).text)
    assert identifiers(first) + identifiers(second) == [oai_id(d) for d in documents]


def test_a_single_page_has_no_token(ask):
    factories.DocumentFactory()
    assert token_of(ask(verb="ListRecords", metadataPrefix="oai_dc")) is None


def test_a_token_keeps_the_query(ask, settings):
    settings.OAI_PAGE_SIZE = 1
    theme = factories.ThematicAreaFactory(slug="poc")
    tagged = [factories.DocumentFactory(themes=[theme]) for _ in range(3)]
    factories.DocumentFactory()
    pages, listed = harvest(ask, set="theme:poc")
    assert listed == [oai_id(d) for d in tagged]
    assert len(pages) == 3


# --- deletions ----------------------------------------------------------------------------


def _datestamp_of(root, identifier):
    for header in root.iterfind(".//oai:header", NS):
        if header.findtext("oai:identifier", namespaces=NS) == identifier:
            return header.findtext("oai:datestamp", namespaces=NS)
    raise AssertionError(identifier)


def test_documents_no_longer_public_are_deleted_records(ask):
    unpublished = factories.DocumentFactory()
    restricted = factories.DocumentFactory()
    steering_only = factories.DocumentFactory()
    gone = factories.DocumentFactory()
    gone_id = oai_id(gone)
    kept = factories.DocumentFactory()
    never_public = factories.DocumentFactory(status=Status.DRAFT)
    never_members = factories.DocumentFactory(visibility=Visibility.MEMBERS)

    unpublished.status = Status.DRAFT
    unpublished.save()
    restricted.visibility = Visibility.MEMBERS
    restricted.save()
    steering_only.visibility = Visibility.STEERING
    steering_only.save()
    services.delete_documents(documents=Document.objects.filter(pk=gone.pk))
    never_public.delete()
    never_members.title = "Still members only"
    never_members.save()

    for verb in ("ListIdentifiers", "ListRecords"):
        root = ask(verb=verb, metadataPrefix="oai_dc")
        assert sorted(identifiers(root, deleted=True)) == sorted(
            [oai_id(unpublished), oai_id(restricted), oai_id(steering_only), gone_id]
        )
        assert identifiers(root, deleted=False) == [oai_id(kept)]
    root = ask(verb="ListRecords", metadataPrefix="oai_dc")
    for record in root.iterfind(".//oai:record", NS):
        deleted = record.find("oai:header", NS).get("status") == "deleted"
        assert (record.find("oai:metadata", NS) is None) == deleted

    # Dated by the revision that ended their public life.
    change = unpublished.history.order_by("-history_date").first().history_date
    assert _datestamp_of(root, oai_id(unpublished)) == f"{change:%Y-%m-%dT%H:%M:%SZ}"
    deletion = Document.history.filter(id=int(gone_id.rsplit("/", 1)[1]), history_type="-").get()
    assert (
        _datestamp_of(root, gone_id)
        == f"{deletion.history_date.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    )

    got = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=gone_id)
    assert got.find(".//oai:header", NS).get("status") == "deleted"
    assert got.find(".//oai:metadata", NS) is None
    assert error_code(ask(verb="ListMetadataFormats", identifier=gone_id)) == "noMetadataFormats"
    never = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(never_members))
    assert error_code(never) == "idDoesNotExist"


def test_a_deletion_is_found_by_an_incremental_harvest(ask):
    document = factories.DocumentFactory()
    dated(document, at("2024-01-01T00:00:00"))
    Document.history.filter(id=document.pk).update(history_date=at("2024-01-01T00:00:00"))
    before = ask(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2025-01-01"})
    assert error_code(before) == "noRecordsMatch"
    document.visibility = Visibility.MEMBERS
    document.save()
    after = ask(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2025-01-01"})
    assert identifiers(after, deleted=True) == [oai_id(document)]


def test_published_again_it_is_a_record_again(ask):
    document = factories.DocumentFactory()
    document.status = Status.DRAFT
    document.save()
    document.status = Status.PUBLISHED
    document.save()
    root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert identifiers(root, deleted=False) == [oai_id(document)]
    assert identifiers(root, deleted=True) == []


def test_a_bulk_unpublish_without_a_revision_still_reports_the_deletion(ask):
    document = factories.DocumentFactory()
    services.set_status(documents=Document.objects.filter(pk=document.pk), status=Status.DRAFT)
    root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert identifiers(root, deleted=True) == [oai_id(document)]
    updated = Document.objects.get(pk=document.pk).updated_at
    assert root.findtext(".//oai:datestamp", namespaces=NS) == f"{updated:%Y-%m-%dT%H:%M:%SZ}"


def test_a_scheduled_then_withdrawn_document_was_never_public(ask):
    document = factories.DocumentFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    document.status = Status.DRAFT
    document.save()
    Document.objects.filter(pk=document.pk).update(
        published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    Document.history.filter(id=document.pk).update(
        published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    # Its revisions' publication time passed only after it became a draft: never public.
    Document.history.filter(id=document.pk, history_type="+").update(
        history_date=timezone.now() - datetime.timedelta(hours=3)
    )
    Document.history.filter(id=document.pk, history_type="~").update(
        history_date=timezone.now() - datetime.timedelta(hours=2)
    )
    assert error_code(ask(verb="ListIdentifiers", metadataPrefix="oai_dc")) == "noRecordsMatch"


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pairs",
    [
        [],
        [("verb", "Harvest")],
        [("verb", "Identify"), ("verb", "Identify")],
        [("verb", "")],
    ],
    ids=["no verb", "unknown verb", "repeated verb", "empty verb"],
)
def test_bad_verb(ask, pairs):
    root = ask(*pairs)
    assert error_code(root) == "badVerb"
    assert root.find("oai:request", NS).attrib == {}


@pytest.mark.parametrize(
    "pairs",
    [
        [("verb", "Identify"), ("metadataPrefix", "oai_dc")],
        [("verb", "ListRecords")],
        [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("metadataPrefix", "oai_dc")],
        [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("resumptionToken", "x")],
        [("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("from", "yesterday")],
        [("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("from", "2024-02-30")],
        [
            ("verb", "ListIdentifiers"),
            ("metadataPrefix", "oai_dc"),
            ("until", "2024-01-01T10:00:00"),
        ],
        [
            ("verb", "ListIdentifiers"),
            ("metadataPrefix", "oai_dc"),
            ("from", "2024-01-01"),
            ("until", "2024-01-02T00:00:00Z"),
        ],
        [
            ("verb", "ListIdentifiers"),
            ("metadataPrefix", "oai_dc"),
            ("from", "2024-01-02"),
            ("until", "2024-01-01"),
        ],
        [("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("set", "theme:a b")],
        [("verb", "ListIdentifiers"), ("metadataPrefix", "oai dc")],
        [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("identifier", "oai:x:1")],
        [("verb", "GetRecord"), ("metadataPrefix", "oai_dc")],
        [("verb", "GetRecord"), ("identifier", "oai:example.com:document/1")],
        [("verb", "ListSets"), ("set", "theme")],
        [("verb", "ListMetadataFormats"), ("identifier", "a"), ("identifier", "b")],
        [("verb", "Identify"), ("resumptionToken", "x")],
    ],
    ids=[
        "Identify with an argument",
        "no metadataPrefix",
        "repeated argument",
        "token and another argument",
        "not a date",
        "no such day",
        "time without Z",
        "two granularities",
        "from after until",
        "bad setSpec",
        "bad prefix syntax",
        "illegal argument",
        "GetRecord without identifier",
        "GetRecord without metadataPrefix",
        "ListSets with set",
        "repeated identifier",
        "Identify with a token",
    ],
)
def test_bad_argument(ask, pairs):
    root = ask(*pairs)
    assert error_code(root) == "badArgument"
    assert root.find("oai:request", NS).attrib == {}


def test_bad_resumption_token(ask, settings):
    settings.OAI_PAGE_SIZE = 1
    factories.DocumentFactory()
    factories.DocumentFactory()
    token = token_of(ask(verb="ListIdentifiers", metadataPrefix="oai_dc")).text
    assert token_of(ask(verb="ListIdentifiers", resumptionToken=token)).text is None  # ours works
    for verb, value in [
        ("ListIdentifiers", "garbage"),
        ("ListIdentifiers", token[:-2] + ("AA" if not token.endswith("AA") else "BB")),
        ("ListRecords", token),  # another verb's token
        ("ListSets", token),  # ListSets is never paged
    ]:
        root = ask(verb=verb, resumptionToken=value)
        assert error_code(root) == "badResumptionToken", (verb, value)
        assert root.find("oai:request", NS).attrib == {"verb": verb, "resumptionToken": value}


def test_cannot_disseminate_format(ask):
    document = factories.DocumentFactory()
    for arguments in (
        {"verb": "ListRecords", "metadataPrefix": "marc21"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_etdms"},
        {"verb": "GetRecord", "metadataPrefix": "mods", "identifier": oai_id(document)},
    ):
        root = ask(**arguments)
        assert error_code(root) == "cannotDisseminateFormat"
        assert root.find("oai:request", NS).attrib == arguments


def test_id_does_not_exist(ask):
    document = factories.DocumentFactory()
    for identifier in (
        oai_id(document).replace(f"/{document.pk}", f"/{document.pk + 1000}"),
        f"oai:elsewhere.org:document/{document.pk}",
        "not an identifier",
        f"oai:example.com:document/{'9' * 40}",
    ):
        root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
        assert error_code(root) == "idDoesNotExist"
        assert (
            error_code(ask(verb="ListMetadataFormats", identifier=identifier)) == "idDoesNotExist"
        )


def test_no_records_match(ask):
    assert error_code(ask(verb="ListRecords", metadataPrefix="oai_dc")) == "noRecordsMatch"
    factories.DocumentFactory()
    root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2999-01-01"})
    assert error_code(root) == "noRecordsMatch"
    assert root.find("oai:request", NS).attrib["from"] == "2999-01-01"


def test_no_set_hierarchy_is_never_needed(ask):
    root = ask(verb="ListSets")
    assert root.find("oai:ListSets/oai:set", NS) is not None  # sets exist even in an empty library


# --- HTTP ---------------------------------------------------------------------------------


def test_post_as_a_form_without_csrf(oai_schema, dc_schema, settings):
    settings.OAI_PAGE_SIZE = 1
    factories.DocumentFactory()
    factories.DocumentFactory()
    client = Client(enforce_csrf_checks=True)

    def post(**arguments):
        response = client.post(
            "/oai/", urlencode(arguments), content_type="application/x-www-form-urlencoded"
        )
        return checked(response, oai_schema, dc_schema)

    first = post(verb="ListRecords", metadataPrefix="oai_dc")
    second = post(verb="ListRecords", resumptionToken=token_of(first).text)
    assert len(identifiers(first) + identifiers(second)) == 2
    assert error_code(post(verb="Nope")) == "badVerb"


def test_other_methods_are_refused(client):
    assert client.put("/oai/?verb=Identify").status_code == 405
    assert client.delete("/oai/?verb=Identify").status_code == 405


def test_xml_is_escaped_and_cleaned(ask):
    factories.DocumentFactory(
        title='Quotes " and <tags> & \x01bells', summary="]]> and </dc:description>"
    )
    root = ask(verb="ListRecords", metadataPrefix="oai_dc")
    assert root.findtext(".//dc:title", namespaces=NS) == 'Quotes " and <tags> & bells'
    assert root.findtext(".//dc:description", namespaces=NS) == "]]> and </dc:description>"


# --- query counts -------------------------------------------------------------------------


def _library(rows):
    themes = [factories.ThematicAreaFactory() for _ in range(3)]
    organizations = [factories.OrganizationFactory() for _ in range(2)]
    documents = []
    for n in range(rows):
        document = factories.DocumentFactory(
            themes=themes[: 1 + n % 3],
            publishing_organizations=organizations[: 1 + n % 2],
            keywords=[f"keyword{n % 4}"],
            authors=["A. Author"],
        )
        documents.append(document)
    for n in range(0, rows - 1, 4):
        french = factories.DocumentFactory(language="fr", themes=themes[:1])
        services.pair_documents(document=documents[n], counterpart=french)
    for document in documents[1::5]:
        document.visibility = Visibility.MEMBERS
        document.save()  # deleted records among them
    factories.DocumentFactory(visibility=Visibility.MEMBERS)
    return documents


def _count(client, query):
    client.get(f"/oai/?{query}")  # fills per-process caches (the Site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/oai/?{query}")
    assert response.status_code == 200
    assert b"<error" not in response.content, response.content[:600]
    return len(queries), response


@pytest.mark.parametrize("rows", [5, 50])
def test_query_counts(client, settings, rows):
    documents = _library(rows)
    identifier = oai_id(documents[0])
    budgets = {
        "verb=Identify": 1,
        "verb=ListMetadataFormats": 0,
        f"verb=ListMetadataFormats&identifier={identifier}": 1,
        "verb=ListSets": 1,
        "verb=ListIdentifiers&metadataPrefix=oai_dc": 2,  # themes, headers
        # themes, headers, documents, their organizations, their keywords
        "verb=ListRecords&metadataPrefix=oai_dc": 5,
        f"verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}": 5,
    }
    for query, budget in budgets.items():
        assert _count(client, query)[0] == budget, query
    # Paged: the first page counts the whole list; the token carries the number on.
    settings.OAI_PAGE_SIZE = 3
    queries, response = _count(client, "verb=ListRecords&metadataPrefix=oai_dc")
    assert queries == 6
    token = token_of(ET.fromstring(response.content)).text
    assert _count(client, f"verb=ListRecords&resumptionToken={token}")[0] == 5
    assert _count(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")[0] == 3


def test_the_token_round_trip():
    selection = Selection(before=timezone.now(), theme_id=3)
    last = Header(id=7, datestamp=at("2024-01-01T00:00:00.123456"), deleted=False)
    token = _token("ListRecords", selection, last, 5, 12)
    resumed, cursor, total = _from_token("ListRecords", token)
    assert (cursor, total) == (5, 12)
    assert resumed.after == (last.datestamp, 7)
    assert resumed.theme_id == 3 and resumed.before == selection.before


# --- a real harvester ---------------------------------------------------------------------


class CountingSickle(Sickle):
    """Sickle, counting the requests it makes."""

    requests = 0

    def harvest(self, **kwargs):
        self.requests += 1
        return super().harvest(**kwargs)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sickle_harvests_every_record(live_server, settings, method):
    settings.OAI_PAGE_SIZE = 4
    theme = factories.ThematicAreaFactory(slug="poc")
    documents = [
        factories.DocumentFactory(themes=[theme], authors=[f"Author {n}"]) for n in range(10)
    ]
    withdrawn = documents.pop(3)
    withdrawn.visibility = Visibility.MEMBERS
    withdrawn.save()
    factories.DocumentFactory(status=Status.DRAFT)

    sickle = CountingSickle(live_server.url + "/oai/", http_method=method)
    assert sickle.Identify().deletedRecord == "persistent"
    sickle.requests = 0
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    assert sickle.requests == 3  # 10 records, 4 a page
    live = [r for r in records if not r.deleted]
    assert [r.header.identifier for r in live] == [oai_id(d) for d in documents]
    assert [r.metadata["creator"] for r in live] == [[d.authors[0]] for d in documents]
    assert [r.header.identifier for r in records if r.deleted] == [oai_id(withdrawn)]
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="theme:poc"))
    assert len(headers) == 10
    record = sickle.GetRecord(identifier=oai_id(documents[0]), metadataPrefix="oai_dc")
    assert record.metadata["title"] == [documents[0].title]
    assert [s.setSpec for s in sickle.ListSets()][:2] == ["theme", "theme:poc"]
