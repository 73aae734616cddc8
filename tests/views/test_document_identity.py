"""Document identity: the original text kept as the first revision, the masthead (symbol,
distribution, date, language) and each revision's label, date and subtitle on every page, export
and file name, and the secretariat's form that corrects them."""

import io
import re

import docx
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Report, Revision
from tests.helpers import paragraph

CHAIR_SUBTITLE = "Chair's initial proposal of 11 November 2017"
IDENTITY = {
    "title": "Draft report of the Working Group on Enhanced Cooperation",
    "body": "Working Group on Enhanced Cooperation",
    "symbol": "E/CN.16/2018/CRP.3",
    "distribution": "Limited",
    "language": "English",
    "date": "2017-11-11",
}


def _form(report, **changes):
    """The identity form as the page fills it, with `changes` (report fields, or `revisions-0-name`…)."""
    data = {**IDENTITY}
    revisions = list(report.revisions.all())
    data.update({"revisions-TOTAL_FORMS": str(len(revisions)), "revisions-INITIAL_FORMS": str(len(revisions))})
    for n, revision in enumerate(revisions):
        data.update(
            {
                f"revisions-{n}-revision": str(revision.pk),
                f"revisions-{n}-name": revision.name,
                f"revisions-{n}-date": revision.date.isoformat(),
                f"revisions-{n}-subtitle": revision.subtitle,
            }
        )
    data.update(changes)
    return data


def _officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


def _issue(client, report, **extra):
    data = {"name": "Rev.1", "date": "2018-01-15", **extra}
    preview = client.post(reverse("revisions", args=[report.pk]), data)
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', preview.content.decode()).group(1)
    assert client.post(reverse("revisions", args=[report.pk]), {**data, "fingerprint": fingerprint}).status_code == 302
    return Revision.objects.issued().get(report=report)


def test_the_wgec_draft_keeps_the_chairs_original_as_its_first_revision(wgec):
    original = wgec.revisions.first()
    assert (original.is_original, original.name, original.subtitle) == (True, "Original", CHAIR_SUBTITLE)
    assert original.date.isoformat() == "2017-11-11"
    texts = [p["text"] for s in original.snapshot["sections"] for p in s["paragraphs"]]
    assert paragraph("recommendations", "2").text in texts
    assert (wgec.language, wgec.date.isoformat(), wgec.symbol) == ("English", "2017-11-11", "")


def test_the_officer_sets_the_symbol_and_every_page_and_export_prints_it(wgec, secretariat_officer):
    client = _officer_client(secretariat_officer)
    assert client.get(reverse("identity", args=[wgec.pk])).status_code == 200
    response = client.post(reverse("identity", args=[wgec.pk]), _form(wgec))
    assert response.status_code == 302
    wgec.refresh_from_db()
    assert (wgec.symbol, wgec.distribution) == ("E/CN.16/2018/CRP.3", "Limited")
    assert wgec.history.first().history_change_reason == "Identity edited: symbol, distribution"

    page = client.get(wgec.get_absolute_url()).content.decode()
    assert '<p class="doc-head__symbol">E/CN.16/2018/CRP.3</p>' in page
    assert "<p>Distr.: Limited</p>" in page and "Current draft, based on the original text of 11 November 2017" in page

    revision = _issue(client, wgec, subtitle="Revised draft of the Chair")
    page = client.get(wgec.get_absolute_url()).content.decode()
    assert '<p class="doc-head__symbol">E/CN.16/2018/CRP.3/Rev.1</p>' in page
    assert "Revised draft of the Chair" in page and CHAIR_SUBTITLE not in page
    assert "Current draft, based on Rev.1 of 15 January 2018" in page

    download = client.get(reverse("export-revision", args=[revision.pk, "docx"]))
    assert download["Content-Disposition"] == 'attachment; filename="E-CN.16-2018-CRP.3-Rev.1-2018-01-15.docx"'
    lines = [p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs[:9]]
    assert lines[:4] == ["E/CN.16/2018/CRP.3/Rev.1", "Distr.: Limited", "15 January 2018", "Original: English"]
    assert "Revised draft of the Chair" in lines and "Rev.1, 15 January 2018" in lines
    assert CHAIR_SUBTITLE not in lines  # the revision prints its own subtitle, not the original's

    original = wgec.revisions.get(is_original=True)
    download = client.get(reverse("export-revision", args=[original.pk, "txt"]))
    assert download["Content-Disposition"] == 'attachment; filename="E-CN.16-2018-CRP.3-Original-2017-11-11.txt"'
    head = download.content.decode().splitlines()[:10]
    assert "11 November 2017" in head[2] and any(CHAIR_SUBTITLE in line for line in head)
    current = client.get(reverse("export-current", args=[wgec.pk, "md"]))
    assert re.fullmatch(
        r'attachment; filename="E-CN.16-2018-CRP.3-current-\d{4}-\d\d-\d\d.md"', current["Content-Disposition"]
    )
    for url, name in (
        (reverse("export-redline", args=[wgec.pk]) + "?status=pending", "redline-pending.docx"),
        (reverse("export-compilation", args=[wgec.pk, "html"]), "compilation.html"),
    ):
        response = client.get(url)
        assert re.fullmatch(
            rf'attachment; filename="E-CN.16-2018-CRP.3-current-[\d-]+-{name}"', response["Content-Disposition"]
        )


def test_the_compare_page_offers_the_original_and_compares_it_with_rev1(wgec, secretariat_officer):
    client = _officer_client(secretariat_officer)
    target = paragraph("recommendations", "2")
    actions.draft.edit_paragraph(
        target.pk, text=target.text.replace("evidence-based", "fact-based"), user=secretariat_officer,
        expected_version=target.version,
    )  # fmt: skip
    revision = _issue(client, wgec)
    original = wgec.revisions.get(is_original=True)
    page = client.get(reverse("compare-revisions", args=[wgec.pk])).content.decode()
    assert f'<option value="{original.pk}">Original, 11 November 2017</option>' in page
    compared = client.get(reverse("compare-revisions", args=[wgec.pk]), {"from": original.pk, "to": revision.pk})
    html = compared.content.decode()
    assert "From Original, 11 November 2017 to Rev.1, 15 January 2018" in html
    assert "<del>evidence-based</del>" in html.replace('<del class="redline__del">', "<del>") or "fact-based" in html


def test_the_officer_corrects_a_revisions_label_and_its_exports_follow(wgec, secretariat_officer):
    client = _officer_client(secretariat_officer)
    revision = _issue(client, wgec)
    n = [r.pk for r in wgec.revisions.all()].index(revision.pk)
    response = client.post(
        reverse("identity", args=[wgec.pk]),
        _form(wgec, **{f"revisions-{n}-date": "2018-01-16", f"revisions-{n}-subtitle": "Revised draft"}),
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert (revision.date.isoformat(), revision.subtitle) == ("2018-01-16", "Revised draft")
    assert revision.history.first().history_change_reason == "Rev.1, 15 January 2018: date, subtitle corrected"
    text = client.get(reverse("export-revision", args=[revision.pk, "txt"])).content.decode()
    assert "Rev.1, 16 January 2018" in text and "Revised draft" in text


def test_two_revisions_cannot_be_given_one_label_and_nothing_is_saved(wgec, secretariat_officer):
    client = _officer_client(secretariat_officer)
    _issue(client, wgec)
    response = client.post(
        reverse("identity", args=[wgec.pk]),
        _form(wgec, symbol="E/CN.16/2018/CRP.9", **{"revisions-1-name": "Original"}),
    )
    assert response.status_code == 400
    assert "Two revisions cannot have the same name." in response.content.decode()
    wgec.refresh_from_db()
    assert wgec.symbol == "" and sorted(wgec.revisions.values_list("name", flat=True)) == ["Original", "Rev.1"]


def test_a_date_that_is_no_date_is_refused_with_a_message(wgec, secretariat_officer):
    client = _officer_client(secretariat_officer)
    response = client.post(reverse("identity", args=[wgec.pk]), _form(wgec, date="11 November"))
    assert response.status_code == 400
    assert "Give the date of the original text as a date (YYYY-MM-DD)." in response.content.decode()
    assert Report.objects.get(pk=wgec.pk).symbol == ""


def test_a_delegate_cannot_edit_the_identity(wgec, japan_delegate):
    client = Client()
    client.force_login(japan_delegate)
    assert client.get(reverse("identity", args=[wgec.pk])).status_code == 403
    assert client.post(reverse("identity", args=[wgec.pk]), _form(wgec)).status_code == 403
    assert Report.objects.get(pk=wgec.pk).symbol == ""


def test_the_migration_rebuilds_the_original_from_the_history_without_later_edits(wgec, secretariat_officer):
    """A report loaded before originals were kept gets one from its rows' first history records:
    the text as loaded, not a paragraph the secretariat edited or a revision changed since."""
    migration = __import__("amendments.migrations.0019_original_texts", fromlist=["keep_originals"])
    kept = wgec.revisions.get(is_original=True)
    as_loaded = kept.snapshot["sections"]
    Revision.objects.filter(pk=kept.pk).delete()  # as before originals were kept
    target = paragraph("recommendations", "2")
    actions.draft.edit_paragraph(
        target.pk, text="A different text.", user=secretariat_officer, expected_version=target.version
    )
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=kept.date.replace(year=2018), user=secretariat_officer)
    state = MigrationExecutor(connection).loader.project_state(("amendments", "0018_document_identity")).apps

    migration.keep_originals(state, None)

    rebuilt = wgec.revisions.get(is_original=True)
    assert (rebuilt.name, rebuilt.subtitle, rebuilt.date) == ("Original", CHAIR_SUBTITLE, kept.date)
    assert rebuilt.snapshot["sections"] == as_loaded
    assert list(wgec.revisions.values_list("name", flat=True)) == ["Original", "Rev.1"]
    assert wgec.revisions.in_force().name == "Rev.1"


@pytest.mark.parametrize("fmt", ["docx", "txt", "md"])
def test_a_revision_exported_and_read_back_as_a_report_keeps_its_masthead(wgec, secretariat_officer, fmt):
    from amendments.importers.report import read_report

    wgec.symbol, wgec.distribution = "E/CN.16/2018/CRP.3", "Limited"
    wgec.save()
    client = _officer_client(secretariat_officer)
    original = wgec.revisions.get(is_original=True)
    content = client.get(reverse("export-revision", args=[original.pk, fmt])).content
    document = read_report(content, f"original.{fmt}")
    assert (document.identity.symbol, document.identity.distribution) == ("E/CN.16/2018/CRP.3", "Limited")
    assert (document.identity.date, document.identity.language) == ("2017-11-11", "English")
    assert (document.body, document.title, document.subtitle) == (wgec.body, wgec.title, CHAIR_SUBTITLE)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "txt", "md"])
def test_a_revision_with_its_masthead_sent_back_as_a_revised_text_proposes_no_change(
    wgec, secretariat_officer, russia_delegate, fmt
):
    """The masthead lines (symbol with "/Rev.1", "Distr.: Limited", the date, "Original: English")
    are the document's own, not paragraphs a delegation added."""
    from amendments.models import Amendment, Import

    client = _officer_client(secretariat_officer)
    client.post(reverse("identity", args=[wgec.pk]), _form(wgec))
    revision = _issue(client, wgec, subtitle="Revised draft of the Chair")
    content = client.get(reverse("export-revision", args=[revision.pk, fmt])).content
    before = Amendment.objects.count()

    staged = actions.imports.stage(
        wgec, user=russia_delegate, kind=Import.Kind.REVISED_TEXT, data=content, filename=f"rev1.{fmt}",
        participant=russia_delegate.participant,
    )  # fmt: skip
    assert {entry["kind"] for entry in staged.plan["entries"]} == {"unchanged"}, fmt
    assert actions.imports.confirm(staged.pk, user=russia_delegate).result["amendments"] == []
    assert Amendment.objects.count() == before


@pytest.mark.parametrize("target", ["pdf", "docx"])
def test_rev1_saved_again_by_libreoffice_and_sent_back_proposes_no_change(
    wgec, secretariat_officer, russia_delegate, tmp_path, target
):
    """As a delegation does: opens the circulated Rev.1 .docx in LibreOffice, saves it (or prints
    it to PDF) and sends it back unchanged."""
    import shutil
    import subprocess

    from amendments.models import Import

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    client = _officer_client(secretariat_officer)
    client.post(reverse("identity", args=[wgec.pk]), _form(wgec))
    revision = _issue(client, wgec)
    source = tmp_path / "in" / "rev1.docx"
    source.parent.mkdir()
    source.write_bytes(client.get(reverse("export-revision", args=[revision.pk, "docx"])).content)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", target,
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    staged = actions.imports.stage(
        wgec, user=russia_delegate, kind=Import.Kind.REVISED_TEXT, data=(tmp_path / f"rev1.{target}").read_bytes(),
        filename=f"rev1.{target}", participant=russia_delegate.participant,
    )  # fmt: skip
    assert {entry["kind"] for entry in staged.plan["entries"]} == {"unchanged"}, target
