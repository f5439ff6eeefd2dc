"""Canadian English and French formats: dates, times, numbers, file sizes, the week."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import engines
from django.utils import formats, translation

from powg.formats import filesize
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
TORONTO = ZoneInfo("America/Toronto")


def render(source, language, **context):
    with translation.override(language):
        return engines["django"].from_string(source).render(context)


def test_a_document_page_gives_its_date_in_each_language(client):
    document = factories.DocumentFactory(
        title="Civilian capacity", publication_date=datetime.date(2025, 3, 15)
    )
    english = client.get(document.get_absolute_url()).content.decode()
    with translation.override("fr"):
        french_url = document.get_absolute_url()
    french = client.get(french_url).content.decode()
    assert french_url.startswith("/fr/")
    assert re.search(r'<time datetime="2025-03-15">15 March 2025</time>', english)
    assert re.search(r'<time datetime="2025-03-15">15 mars 2025</time>', french)


def test_a_member_page_gives_dates_in_french(client_as, member):
    member.member.member_since = datetime.date(2024, 9, 3)
    member.member.save()
    client = client_as(member)
    assert "3 September 2024" in client.get(member.member.get_absolute_url()).content.decode()
    with translation.override("fr"):
        french_url = member.member.get_absolute_url()
    assert "3 septembre 2024" in client.get(french_url).content.decode()


@pytest.mark.parametrize(
    ("hour", "minute", "english", "french"),
    [
        (13, 48, "1:48 p.m.", f"13{NBSP}h{NBSP}48"),
        (9, 5, "9:05 a.m.", f"9{NBSP}h{NBSP}05"),
        (0, 0, "12:00 a.m.", f"0{NBSP}h{NBSP}00"),
        (12, 30, "12:30 p.m.", f"12{NBSP}h{NBSP}30"),
    ],
)
def test_event_times_read_as_each_language_writes_them(hour, minute, english, french):
    starts = datetime.datetime(2025, 3, 15, hour, minute, tzinfo=TORONTO)
    source = "{{ starts|time }}"
    assert render(source, "en", starts=starts) == english
    assert render(source, "fr", starts=starts) == french


def test_date_and_time_together():
    starts = datetime.datetime(2025, 3, 15, 13, 48, tzinfo=TORONTO)
    source = '{{ starts|date:"DATETIME_FORMAT" }}'
    assert render(source, "en", starts=starts) == "15 March 2025, 1:48 p.m."
    assert render(source, "fr", starts=starts) == f"15 mars 2025, 13{NBSP}h{NBSP}48"


def test_the_hard_coded_day_month_year_is_right_in_both_languages():
    day = datetime.date(2025, 3, 15)
    source = '{{ day|date:"j F Y" }} / {{ day|date }}'
    assert render(source, "en", day=day) == "15 March 2025 / 15 March 2025"
    assert render(source, "fr", day=day) == "15 mars 2025 / 15 mars 2025"


def test_numbers_group_and_decimal_by_language():
    source = "{% load humanize %}{{ number|intcomma }} · {{ small }} · {{ count|intcomma }}"
    context = {"number": 1234.5, "small": 0.75, "count": 20000}
    assert render(source, "en", **context) == "1,234.5 · 0.75 · 20,000"
    # Canadian French: a no-break space (U+00A0) between groups, a comma for decimals.
    assert render(source, "fr", **context) == f"1{NBSP}234,5 · 0,75 · 20{NBSP}000"


def test_a_plain_number_is_not_grouped_so_years_and_ids_stay_intact():
    assert render("{{ year }}", "fr", year=2025) == "2025"
    assert render("{{ year }}", "en", year=2025) == "2025"


@pytest.mark.parametrize(
    ("size", "english", "french"),
    [
        (1677722, "1.6 MB", "1,6 Mo"),
        (13 * 1024, "13 KB", "13 Ko"),
        (1536, "1.5 KB", "1,5 Ko"),
        (5 * 1024**3, "5 GB", "5 Go"),
        (500, "500 bytes", "500 octets"),
        (1, "1 byte", "1 octet"),
        (0, "0 bytes", "0 octet"),
    ],
)
def test_file_sizes_in_each_language(size, english, french, french_catalogue):
    source = "{% load powg_formats %}{{ size|filesize }}"
    assert render(source, "en", size=size) == english.replace(" ", NBSP)
    assert render(source, "fr", size=size) == french.replace(" ", NBSP)


def test_no_size_says_nothing():
    assert filesize(None) == ""
    assert filesize("not a number") == ""


def test_djangos_own_filesizeformat_is_what_we_replace(french_catalogue):
    """Django says ``Mio`` in French: the reason ``powg.formats.filesize`` exists."""
    from django.template.defaultfilters import filesizeformat

    with translation.override("fr"):
        assert filesizeformat(1677722) == f"1,6{NBSP}Mio"
        assert filesize(1677722) == f"1,6{NBSP}Mo"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_week_starts_on_sunday(language):
    with translation.override(language):
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 0


def test_the_admin_date_picker_starts_its_week_on_sunday(client_as, admin):
    """The admin's calendar reads FIRST_DAY_OF_WEEK from its JavaScript catalogue."""
    script = client_as(admin).get("/admin/jsi18n/").content.decode()
    assert '"FIRST_DAY_OF_WEEK": 0' in script


def test_a_french_javascript_catalogue_gives_the_french_picker_its_formats(rf):
    """Any date picker fed by Django's JavaScript formats, on a French page."""
    from django.views.i18n import JavaScriptCatalog

    with translation.override("fr"):
        script = JavaScriptCatalog.as_view()(rf.get("/fr/jsi18n/")).content.decode()
    assert '"FIRST_DAY_OF_WEEK": 0' in script
    assert '"DECIMAL_SEPARATOR": ","' in script


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_date_input_receives_an_iso_date_in_both_languages(language):
    """``<input type="date">`` only understands ISO dates, French pages included."""

    class Form(forms.Form):
        date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override(language):
        html = str(Form(initial={"date": datetime.date(2025, 3, 15)})["date"])
        assert 'value="2025-03-15"' in html
        bound = Form({"date": "2025-03-15"})
        assert bound.is_valid() and bound.cleaned_data["date"] == datetime.date(2025, 3, 15)


def test_french_forms_accept_a_time_written_the_french_way():
    class Form(forms.Form):
        time = forms.TimeField()

    with translation.override("fr"):
        for typed in ("13:48", "13 h 48"):
            form = Form({"time": typed})
            assert form.is_valid(), typed
            assert form.cleaned_data["time"] == datetime.time(13, 48)


def test_a_logo_too_large_is_measured_in_ko_in_french(settings, french_catalogue):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.validators import validate_logo

    settings.ORGANIZATION_LOGO_MAX_BYTES = 1024
    upload = SimpleUploadedFile("logo.png", b"x" * 1536, content_type="image/png")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        validate_logo(upload)
    message = refused.value.messages[0]
    assert f"1,5{NBSP}Ko" in message and f"1{NBSP}Ko" in message
    assert "Kio" not in message


def test_an_event_page_gives_its_date_and_times_in_each_language(client):
    event = factories.EventFactory(
        title="Roundtable on mandates",
        slug="roundtable-on-mandates",
        starts_at=datetime.datetime(2027, 3, 15, 13, 48, tzinfo=TORONTO),
        ends_at=datetime.datetime(2027, 3, 15, 16, 0, tzinfo=TORONTO),
    )
    english = client.get(event.get_absolute_url()).content.decode()
    with translation.override("fr"):
        french_url = event.get_absolute_url()
    french = client.get(french_url).content.decode()
    assert "15 March 2027, 1:48 p.m.–4:00 p.m." in english
    assert f"15 mars 2027, 13{NBSP}h{NBSP}48–16{NBSP}h{NBSP}00" in french


def test_a_reading_page_gives_its_file_size_in_each_language(client, french_catalogue, tmp_path):
    document = factories.DocumentFactory(title="Rapid deployment")
    type(document).objects.filter(pk=document.pk).update(
        file="documents/rapid-deployment.pdf", file_type="pdf", file_size=1_677_722
    )
    english = client.get(document.get_absolute_url()).content.decode()
    with translation.override("fr"):
        french = client.get(document.get_absolute_url()).content.decode()
    assert "Download (PDF, 1.6\xa0MB)" in english
    assert "(PDF, 1,6\xa0Mo)" in french
    assert "Mio" not in french
