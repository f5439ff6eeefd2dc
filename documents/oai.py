"""OAI-PMH 2.0 at ``/oai/``: library indexes and aggregators harvest the public papers.

Verbs: Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords, GetRecord;
one metadata format, ``oai_dc``. Sets: ``theme`` and ``theme:<slug>`` per thematic area,
``type`` and ``type:<value>`` per document type. Records, datestamps and deletions
(persistent) come from ``documents.oai_records``. Identifiers are
``oai:<site domain>:document/<id>``: the id, unlike the slug, never changes.

Resumption tokens are signed, and carry the whole query: its bounds, the set, the
last (datestamp, id) sent, the moment the harvest started and the list's size then,
so a harvest goes on where it was whatever is published meanwhile. They do not expire. Page size:
``settings.OAI_PAGE_SIZE`` (100).

Responses are built with ``xml.etree`` (escaping included); characters XML 1.0 cannot
carry are dropped. Local copies of the schemas they follow are in ``oai_schemas/``.
"""

import dataclasses
import datetime
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.contrib.sites.models import Site
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from documents import oai_records
from documents.library import localized_url
from documents.models import DatePrecision, DocumentType, ThematicArea
from documents.oai_records import Selection
from powg.links import absolute_url

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
PREFIXES = {OAI: "", OAI_DC: "oai_dc", DC: "dc", XSI: "xsi"}  # OAI: the default namespace

METADATA_PREFIX = "oai_dc"
PAGE_SIZE = 100
TOKEN_SALT = "documents.oai.resumption"
LIST_VERBS = ("ListIdentifiers", "ListRecords")
# verb: (required arguments, optional ones); a list verb may take a token instead.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
TAKES_TOKEN = {"ListSets", "ListIdentifiers", "ListRecords"}

SPEC_PART = r"[A-Za-z0-9\-_.!~*'()]+"
SET_SPEC = re.compile(rf"{SPEC_PART}(:{SPEC_PART})*\Z")
PREFIX_SYNTAX = re.compile(rf"{SPEC_PART}\Z")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
# What XML 1.0 cannot carry, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FILE_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


class ProtocolError(Exception):
    """An OAI-PMH error condition: its code and a message for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def _page_size():
    return getattr(settings, "OAI_PAGE_SIZE", PAGE_SIZE)


def _datestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value, name):
    """(moment, granularity) of a from/until argument; the day's start for a date."""
    if DAY.match(value):
        fmt, granularity = "%Y-%m-%d", "day"
    elif SECONDS.match(value):
        fmt, granularity = "%Y-%m-%dT%H:%M:%SZ", "seconds"
    else:
        raise ProtocolError(
            "badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC)."
        )
    try:
        moment = datetime.datetime.strptime(value, fmt).replace(tzinfo=datetime.UTC)
    except ValueError:
        raise ProtocolError("badArgument", f"{name} is not a real date.") from None
    return moment, granularity


def _namespace() -> str:
    """The repository's part of every identifier: the site's domain, without a port."""
    return Site.objects.get_current().domain.split(":")[0]


def _identifier(pk) -> str:
    return f"oai:{_namespace()}:document/{pk}"


def _pk_of(identifier):
    """The document id an identifier names, or None if it is not one of ours."""
    match = re.fullmatch(rf"oai:{re.escape(_namespace())}:document/([1-9]\d{{0,17}})", identifier)
    return int(match.group(1)) if match else None


def _clean(text) -> str:
    return NOT_XML.sub("", str(text))


def _sub(parent, namespace, tag, text=None, **attributes):
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        element.text = _clean(text)
    return element


# --- arguments ------------------------------------------------------------------------


def _arguments(request):
    """The verb and the other arguments; badVerb / badArgument for what is not allowed."""
    data = request.POST if request.method == "POST" else request.GET
    lists = dict(data.lists())
    verbs = lists.pop("verb", [])
    if len(verbs) != 1:
        raise ProtocolError("badVerb", "Give the verb once." if verbs else "The verb is missing.")
    verb = verbs[0]
    if verb not in VERBS:
        raise ProtocolError("badVerb", "This is not an OAI-PMH verb.")
    repeated = sorted(name for name, values in lists.items() if len(values) > 1)
    if repeated:
        raise ProtocolError("badArgument", f"Repeated argument: {', '.join(repeated)}.")
    arguments = {name: values[0] for name, values in lists.items()}
    required, optional = VERBS[verb]
    if "resumptionToken" in arguments and verb in TAKES_TOKEN:
        if len(arguments) > 1:
            raise ProtocolError(
                "badArgument", "A resumptionToken is the only argument besides the verb."
            )
        return verb, arguments
    illegal = sorted(set(arguments) - required - optional)
    if illegal:
        raise ProtocolError("badArgument", f"Illegal argument for {verb}: {', '.join(illegal)}.")
    missing = sorted(required - set(arguments))
    if missing:
        raise ProtocolError("badArgument", f"Missing argument: {', '.join(missing)}.")
    if "metadataPrefix" in arguments and not PREFIX_SYNTAX.match(arguments["metadataPrefix"]):
        raise ProtocolError("badArgument", "metadataPrefix is not a valid prefix.")
    if "set" in arguments and not SET_SPEC.match(arguments["set"]):
        raise ProtocolError("badArgument", "set is not a valid setSpec.")
    return verb, arguments


def _request_attributes(arguments, verb):
    """The request's arguments as the response echoes them (safe values only)."""
    attributes = {"verb": verb}
    for name, value in arguments.items():
        if name == "identifier" and (not value or re.search(r"\s", value) or NOT_XML.search(value)):
            continue  # not a URI: left out rather than echoed invalid
        attributes[name] = _clean(value)
    return attributes


# --- selections and tokens ------------------------------------------------------------


def _selection(arguments, themes, harvest_start):
    """The Selection of a first list request (from, until, set)."""
    since = before = None
    granularities = set()
    if "from" in arguments:
        since, granularity = _parse_date(arguments["from"], "from")
        granularities.add(granularity)
    if "until" in arguments:
        until, granularity = _parse_date(arguments["until"], "until")
        granularities.add(granularity)
        step = {"day": datetime.timedelta(days=1), "seconds": datetime.timedelta(seconds=1)}
        try:
            before = until + step[granularity]
        except OverflowError:  # the end of time: no bound
            before = None
    if len(granularities) > 1:
        raise ProtocolError("badArgument", "from and until must have the same granularity.")
    if since is not None and before is not None and since >= before:
        raise ProtocolError("badArgument", "from is later than until.")
    # Nothing changed after the harvest started joins it.
    cutoff = harvest_start + datetime.timedelta(microseconds=1)
    before = cutoff if before is None else min(before, cutoff)
    filters = {}
    spec = arguments.get("set")
    if spec is not None:
        kind, _sep, value = spec.partition(":")
        if spec == "theme":
            filters["any_theme"] = True
        elif kind == "theme" and value in themes.by_slug:
            filters["theme_id"] = themes.by_slug[value].pk
        elif kind == "type" and value in DocumentType.values:
            filters["document_type"] = value
        elif spec != "type":
            raise ProtocolError("noRecordsMatch", "There is no such set.")
    return Selection(since=since, before=before, **filters)


def _token(verb, selection, last, cursor, total):
    payload = {
        "v": verb,
        "f": selection.since.isoformat() if selection.since else None,
        "b": selection.before.isoformat(),
        "t": selection.theme_id,
        "a": selection.any_theme,
        "d": selection.document_type,
        "k": [last.datestamp.isoformat(), last.id],
        "c": cursor,
        "n": total,
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def _from_token(verb, token):
    """(Selection, cursor, list size) a token carries; badResumptionToken if not ours."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        if payload["v"] != verb:
            raise ValueError("another verb's token")
        selection = Selection(
            since=datetime.datetime.fromisoformat(payload["f"]) if payload["f"] else None,
            before=datetime.datetime.fromisoformat(payload["b"]),
            theme_id=payload["t"],
            any_theme=bool(payload["a"]),
            document_type=payload["d"],
            after=(datetime.datetime.fromisoformat(payload["k"][0]), int(payload["k"][1])),
        )
        cursor, total = int(payload["c"]), int(payload["n"])
    except (signing.BadSignature, ValueError, KeyError, TypeError, IndexError):
        raise ProtocolError("badResumptionToken", "This resumptionToken is not valid.") from None
    return selection, cursor, total


class Themes:
    """Every thematic area, read once per request (setSpecs and subjects)."""

    def __init__(self):
        self.all = list(ThematicArea.objects.only("id", "slug", "name", "name_fr"))
        self.by_id = {theme.pk: theme for theme in self.all}
        self.by_slug = {theme.slug: theme for theme in self.all}

    def of(self, ids):
        return [self.by_id[pk] for pk in ids or () if pk in self.by_id]


def _set_specs(header, themes):
    specs = [f"theme:{theme.slug}" for theme in themes.of(header.theme_ids)]
    specs = [spec for spec in specs if SET_SPEC.match(spec)]
    if header.document_type:
        specs.append(f"type:{header.document_type}")
    return specs


# --- the verbs ------------------------------------------------------------------------


def _both_languages(message):
    with translation.override("en"):
        english = gettext(message)
    with translation.override("fr"):
        french = gettext(message)
    return english if english == french else f"{english} / {french}"


def _identify(parent, request, now):
    identify = _sub(parent, OAI, "Identify")
    _sub(identify, OAI, "repositoryName", _both_languages("Peace Operations Working Group"))
    _sub(identify, OAI, "baseURL", absolute_url(reverse("oai"), request))
    _sub(identify, OAI, "protocolVersion", "2.0")
    _sub(identify, OAI, "adminEmail", settings.CONTACT_EMAIL)
    earliest = oai_records.earliest_datestamp() or now
    _sub(identify, OAI, "earliestDatestamp", _datestamp(earliest))
    _sub(identify, OAI, "deletedRecord", "persistent")
    _sub(identify, OAI, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def _list_metadata_formats(parent, arguments, now):
    if "identifier" in arguments:
        header = _header_of(arguments["identifier"], now)
        if header.deleted:
            raise ProtocolError(
                "noMetadataFormats", "This item is deleted: only its header is disseminated."
            )
    formats = _sub(parent, OAI, "ListMetadataFormats")
    metadata_format = _sub(formats, OAI, "metadataFormat")
    _sub(metadata_format, OAI, "metadataPrefix", METADATA_PREFIX)
    _sub(metadata_format, OAI, "schema", OAI_DC_SCHEMA)
    _sub(metadata_format, OAI, "metadataNamespace", OAI_DC)


def _list_sets(parent, arguments, themes):
    if "resumptionToken" in arguments:
        raise ProtocolError("badResumptionToken", "ListSets is answered in one response.")
    sets = _sub(parent, OAI, "ListSets")

    def add(spec, name):
        if SET_SPEC.match(spec):
            one = _sub(sets, OAI, "set")
            _sub(one, OAI, "setSpec", spec)
            _sub(one, OAI, "setName", name)

    add("theme", "Thematic areas / Domaines thématiques")
    for theme in themes.all:
        name = f"{theme.name} / {theme.name_fr}" if theme.name_fr else theme.name
        add(f"theme:{theme.slug}", name)
    add("type", "Document types / Types de documents")
    for value, label in DocumentType.choices:
        add(f"type:{value}", _both_languages(label))


def _check_prefix(arguments):
    if arguments.get("metadataPrefix", METADATA_PREFIX) != METADATA_PREFIX:
        raise ProtocolError("cannotDisseminateFormat", "The only metadata format is oai_dc.")


def _header_of(identifier, now):
    pk = _pk_of(identifier)
    found = oai_records.headers(Selection(pk=pk), limit=1, now=now) if pk else []
    if not found:
        raise ProtocolError("idDoesNotExist", "No such item in this repository.")
    return found[0]


def _get_record(parent, request, arguments, themes, now):
    _check_prefix(arguments)
    header = _header_of(arguments["identifier"], now)
    documents = oai_records.documents_for([] if header.deleted else [header.id])
    record_list = _sub(parent, OAI, "GetRecord")
    _record(record_list, request, header, documents.get(header.id), themes)


def _list(parent, request, verb, arguments, themes, now):
    if "resumptionToken" in arguments:
        selection, cursor, total = _from_token(verb, arguments["resumptionToken"])
    else:
        _check_prefix(arguments)
        selection, cursor, total = _selection(arguments, themes, now), 0, None
    size = _page_size()
    page = oai_records.headers(selection, limit=size + 1, now=now)
    more = len(page) > size
    page = page[:size]
    if not page:
        raise ProtocolError("noRecordsMatch", "No record matches these arguments.")
    listing = _sub(parent, OAI, verb)
    if verb == "ListRecords":
        documents = oai_records.documents_for([h.id for h in page if not h.deleted])
        for header in page:
            _record(listing, request, header, documents.get(header.id), themes)
    else:
        for header in page:
            _header(listing, header, themes)
    if more or cursor:
        # The list's size when the harvest started: counted once, then carried along.
        if total is None:
            total = oai_records.count(dataclasses.replace(selection, after=None), now=now)
        token = _sub(
            listing, OAI, "resumptionToken", cursor=str(cursor), completeListSize=str(total)
        )
        if more:
            token.text = _token(verb, selection, page[-1], cursor + len(page), total)


def _header(parent, header, themes):
    attributes = {"status": "deleted"} if header.deleted else {}
    element = _sub(parent, OAI, "header", **attributes)
    _sub(element, OAI, "identifier", _identifier(header.id))
    _sub(element, OAI, "datestamp", _datestamp(header.datestamp))
    for spec in _set_specs(header, themes):
        _sub(element, OAI, "setSpec", spec)


def _record(parent, request, header, document, themes):
    if document is None:  # deleted, or gone between the two queries
        header.deleted = True
    record = _sub(parent, OAI, "record")
    _header(record, header, themes)
    if not header.deleted:
        metadata = _sub(record, OAI, "metadata")
        _dublin_core(metadata, request, document, themes)


def _date(document):
    if document.date_precision == DatePrecision.YEAR:
        return f"{document.publication_date:%Y}"
    if document.date_precision == DatePrecision.MONTH:
        return f"{document.publication_date:%Y-%m}"
    return document.publication_date.isoformat()


def _dublin_core(parent, request, document, themes):
    """The ``oai_dc`` record of a public document."""
    dc = _sub(parent, OAI_DC, "dc")
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {OAI_DC_SCHEMA}")
    lang = {f"{{{XML}}}lang": document.language}
    title = f"{document.title}: {document.subtitle}" if document.subtitle else document.title
    _sub(dc, DC, "title", title, **lang)
    for author in document.authors:
        _sub(dc, DC, "creator", author)
    for organization in document.publishing_organizations.all():
        _sub(dc, DC, "creator", organization.name)
    for theme in themes.of(document.theme_ids):
        _sub(dc, DC, "subject", theme.name, **{f"{{{XML}}}lang": "en"})
        if theme.name_fr:
            _sub(dc, DC, "subject", theme.name_fr, **{f"{{{XML}}}lang": "fr"})
    for keyword in document.keywords.all():
        _sub(dc, DC, "subject", keyword.name)
    if document.summary:
        _sub(dc, DC, "description", document.summary, **lang)
    _sub(dc, DC, "date", _date(document))
    _sub(dc, DC, "type", "Text")
    for language in ("en", "fr"):
        with translation.override(language):
            label = str(DocumentType(document.document_type).label)
        _sub(dc, DC, "type", label, **{f"{{{XML}}}lang": language})
    if document.file:
        _sub(dc, DC, "format", FILE_FORMATS.get(document.file_type, "application/octet-stream"))
    _sub(dc, DC, "identifier", absolute_url(localized_url(document), request))
    if document.file:
        with translation.override(document.language):
            download = reverse("documents:document-download", kwargs={"slug": document.slug})
        _sub(dc, DC, "identifier", absolute_url(download, request))
    _sub(dc, DC, "language", document.language)
    if document.counterpart_slug:
        counterpart = localized_url(document, slug=document.counterpart_slug)
        _sub(dc, DC, "relation", absolute_url(counterpart, request))
    _sub(dc, DC, "publisher", _both_languages("Peace Operations Working Group"))


# --- the view -------------------------------------------------------------------------


def _render(root) -> bytes:
    for uri, prefix in PREFIXES.items():
        ET.register_namespace(prefix, uri)  # (ElementTree keeps them module-wide)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def oai(request):
    """Harvest the library's public records with OAI-PMH 2.0 (GET, or POST of a form)."""
    now = timezone.now()
    root = ET.Element(f"{{{OAI}}}OAI-PMH")
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
    _sub(root, OAI, "responseDate", _datestamp(now))
    base_url = absolute_url(reverse("oai"), request)
    echo = _sub(root, OAI, "request", base_url)
    body = ET.Element(f"{{{OAI}}}body")  # the verb's element, moved under root at the end
    try:
        verb, arguments = _arguments(request)
        echo.attrib.update(_request_attributes(arguments, verb))
        themes = Themes() if verb in {"ListSets", "GetRecord", *LIST_VERBS} else None
        if verb == "Identify":
            _identify(body, request, now)
        elif verb == "ListMetadataFormats":
            _list_metadata_formats(body, arguments, now)
        elif verb == "ListSets":
            _list_sets(body, arguments, themes)
        elif verb == "GetRecord":
            _get_record(body, request, arguments, themes, now)
        else:
            _list(body, request, verb, arguments, themes, now)
    except ProtocolError as error:
        if error.code in ("badVerb", "badArgument"):
            echo.attrib.clear()  # the protocol says: the base URL only
        _sub(root, OAI, "error", error.message, code=error.code)
    else:
        root.extend(list(body))
    response = HttpResponse(_render(root), content_type="text/xml; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
