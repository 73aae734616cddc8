"""What text copied out of a PDF looks like, one trait at a time, and PDF files uploaded as they are.

Each trait is written here as pdftotext (with or without -layout) or pypdf leaves it, small enough to
read: the splitting must give back the draft's paragraphs, and the alignment must find no change.
"""

import io

import pytest
from pypdf import PdfWriter

from amendments.importers import pdf, plans, uploads
from amendments.importers.alignment import UNCHANGED, DraftParagraph, align
from amendments.importers.splitting import split_revised_text
from amendments.importers.uploads import UploadError

FULL = "The Group held five meetings in Geneva, at the United Nations Headquarters, between"


def texts(raw: str, **options) -> list[str]:
    return [p.text for p in split_revised_text(raw, **options)]


def kinds(draft: list[str], raw: str, footnotes=()) -> list[str]:
    revised = split_revised_text(raw, lexicon=draft, footnotes=footnotes)
    entries = align([DraftParagraph(k, None, t) for k, t in enumerate(draft)], revised, footnotes=footnotes)
    return [e.kind for e in entries]


# -- Page breaks and page feet -------------------------------------------------------------------


def test_form_feed_is_a_page_break_and_the_paragraph_goes_on_across_it():
    raw = (
        f"{FULL}\nSeptember 2016 and January 2018: thirty meetings were held at the\n\f"
        "           Palais des Nations, with remote participation.\n"
    )
    assert split_revised_text(raw).dropped == ["page break: "] or texts(raw) == [
        f"{FULL} September 2016 and January 2018: thirty meetings were held at the Palais des Nations, "
        "with remote participation."
    ]
    assert len(texts(raw)) == 1


def test_footnotes_at_a_page_foot_each_number_on_its_own_line_are_lifted_out():
    raw = (
        "1.    The report will also serve as an input to the regular reporting of the\n"
        "      Secretary-General on implementation of the outcomes of the Summit3 and\n"
        "\n"
        "3\n"
        "  Transcribe the text of paragraphs 69 to 71 of the Tunis Agenda\n"
        "4\n"
        "  http://unctad.org/meetings/en/SessionalDocuments/summary.pdf\n"
        "\f"
        "      of the World Summit on the Information Society.\n"
    )
    revised = split_revised_text(raw)
    assert [(n.number, n.text) for n in revised.footnotes] == [
        ("3", "Transcribe the text of paragraphs 69 to 71 of the Tunis Agenda"),
        ("4", "http://unctad.org/meetings/en/SessionalDocuments/summary.pdf"),
    ]
    assert [p.text for p in revised] == [
        "The report will also serve as an input to the regular reporting of the Secretary-General on "
        "implementation of the outcomes of the Summit3 and of the World Summit on the Information Society."
    ]


def test_the_drafts_own_footnote_text_is_lifted_wherever_the_conversion_left_it():
    draft = ["The funding is acknowledged here and the work goes on in many ways, as all agreed."]
    notes = [("9", "Marginalized groups may include but are not limited to women, persons with special needs.")]
    raw = (
        "The funding is acknowledged here and the work goes on in many\n\n"
        "Marginalized groups may include but are not limited to women, persons with\n"
        "special needs.\n9\n\f\n"
        "ways, as all agreed.\n"
    )
    assert kinds(draft, raw, notes) == [UNCHANGED]


def test_footnote_marks_glued_to_words_or_left_alone_are_no_change():
    draft = ["At its first meeting, the group decided on its methods of work, as the WGEC agreed."]
    raw = "At its first meeting3, the group decided on its methods of work, as the WGEC 4 agreed.\n"
    assert kinds(draft, raw, [("3", "A note."), ("4", "Another note.")]) == [UNCHANGED]


def test_a_digit_that_is_no_footnote_number_is_a_change():
    draft = ["At its first meeting, the group decided on its methods of work, as the WGEC agreed."]
    raw = "At its first meeting3, the group decided on its methods of work, as the WGEC agreed.\n"
    assert kinds(draft, raw, [("4", "Another note.")]) == ["modified"]


def test_running_headers_and_page_numbers_go():
    words = ["Geneva", "Tunis", "Brazil"]
    pages = []
    for page, word in enumerate(words):
        body = [f"{k + 1}. The meeting in {word} of working session {k} was a success for all." for k in range(6)]
        pages.append("Working Group on Enhanced Cooperation – Draft report\n\n" + "\n".join(body) + f"\n\n{page + 1}\n")
    revised = split_revised_text("\f".join(pages))
    assert not any("Working Group on Enhanced Cooperation – Draft" in p.text for p in revised)
    assert not any(p.text.endswith((" 1", " 2", " 3")) for p in revised)


# -- Bullets, numbers, titles ----------------------------------------------------------------------


def test_symbol_font_bullets_alone_on_their_lines_mark_the_items_after_them():
    raw = (
        "The Group recommends that its work be guided by the following characteristics:\n"
        "\uf0b7\n\uf0b7\n\uf0b7\n\n"
        "Transparency:\nInclusiveness:\nCollaborative approach:\n"
    )
    revised = split_revised_text(raw)
    assert [(p.text, p.bullet) for p in revised] == [
        ("The Group recommends that its work be guided by the following characteristics:", False),
        ("Transparency:", True),
        ("Inclusiveness:", True),
        ("Collaborative approach:", True),
    ]


@pytest.mark.parametrize("bullet", ["\uf0b7", "o", "§", "•"])
def test_symbol_font_bullets_before_the_text(bullet):
    raw = f"The options are these:\n{bullet} Creation of a working group;\n{bullet} Establishment of a forum.\n"
    assert texts(raw) == ["The options are these:", "Creation of a working group;", "Establishment of a forum."]


@pytest.mark.parametrize("gap", ["\t", "     "])
def test_bis_and_tres_numbers_at_a_line_start_before_a_tab_or_spaces(gap):
    raw = f"2 bis{gap}The Group also recommends this.\n\n2 tres{gap}And that.\n"
    assert [(p.number, p.text) for p in split_revised_text(raw)] == [
        ("2 bis", "The Group also recommends this."),
        ("2 tres", "And that."),
    ]


def test_a_title_block_above_the_text_is_not_an_insertion():
    draft = ["The Group held five meetings in Geneva, at the United Nations Headquarters."]
    raw = (
        "Submission by the Russian Federation\n\n"
        "Draft report of the Working Group on Enhanced Cooperation\n\n"
        "The Group held five meetings in Geneva, at the United Nations Headquarters.\n"
    )
    assert kinds(draft, raw) == [UNCHANGED]


def test_a_quoted_paragraphs_own_number_stays_in_its_text_when_it_is_edited():
    draft = ["64. We acknowledge that various initiatives have been implemented in the Tunis Agenda."]
    revised = split_revised_text(
        "64. We acknowledge that several initiatives have been implemented in the Tunis Agenda."
    )
    (entry,) = align([DraftParagraph(0, None, draft[0])], revised)
    assert entry.new_text == "64. We acknowledge that several initiatives have been implemented in the Tunis Agenda."


def test_a_heading_underlined_in_plain_text_is_a_title_and_the_rule_goes():
    revised = split_revised_text("Introduction\n------------\n\nThe Group met five times.\n")
    assert [(p.text, p.heading) for p in revised] == [("Introduction", True), ("The Group met five times.", False)]


def test_the_exports_placeholder_for_an_empty_part_is_no_text():
    raw = "Annex I – Composition\n\nThis part has no text in the current draft.\n\nAnnex II – Proposals\n"
    assert texts(raw) == ["Annex I – Composition", "Annex II – Proposals"]


def test_a_line_back_at_the_margin_after_a_sentence_end_starts_a_paragraph():
    raw = (
        "       \uf0b7   A focal point for knowledge creation and curation should be created in the UN\n"
        "           system, with regard to emerging policy issues, in an ongoing manner as agreed.\n"
        "Option 2 – No need for new institutional mechanisms in the United Nations system:\n"
    )
    assert texts(raw)[-1] == "Option 2 – No need for new institutional mechanisms in the United Nations system:"


# -- Blank lines, hyphens, quotes --------------------------------------------------------------------


def test_a_blank_line_after_every_line_is_no_paragraph_boundary():
    raw = (
        f"1.  {FULL}\n\nSeptember 2016 and January 2018 in the Palais des Nations, with remote\n\n"
        "participation and live captioning made available to all who took part.\n\n"
        "2.  The Group agreed on its methods of work and on two questions for the\n\n"
        "discussion.\n\n3.  The Group met again.\n\n"
    )
    assert texts(raw) == [
        f"{FULL} September 2016 and January 2018 in the Palais des Nations, with remote participation and "
        "live captioning made available to all who took part.",
        "The Group agreed on its methods of work and on two questions for the discussion.",
        "The Group met again.",
    ]


def test_several_blank_lines_at_a_page_break_do_not_end_the_paragraph():
    raw = f"{FULL}\n\n\n\n\f\n\n\nSeptember 2016 and January 2018 in the Palais.\n"
    assert texts(raw) == [f"{FULL} September 2016 and January 2018 in the Palais."]


def test_a_hyphen_pdftotext_dropped_at_a_line_end_is_put_back_from_the_draft():
    draft = ["Fora dealing with international Internet-related public policy should do so."]
    raw = "Fora dealing with international Internetrelated public policy should do so.\n"
    assert texts(raw, lexicon=draft) == draft


@pytest.mark.parametrize("kept", [True, False])
def test_a_hyphen_at_a_line_end_is_kept_or_dropped_as_the_draft_spells_the_word(kept):
    draft = ["The Internet-related policies need development in all regions."]
    raw = "The Internet-\nrelated policies need develop-\nment in all regions.\n" if kept else draft[0]
    assert texts(raw, lexicon=draft) == draft


@pytest.mark.parametrize("quote", ["´", "’", "'"])
def test_acute_accents_and_curly_quotes_for_apostrophes_are_no_change(quote):
    draft = ['In the course of the WGEC\'s proceedings the "full texts" were made available.']
    raw = f"In the course of the WGEC{quote}s proceedings the “full texts” were made available.\n"
    assert kinds(draft, raw) == [UNCHANGED]


# -- A member's text covering part of the report -----------------------------------------------------


def test_text_repeated_from_an_annex_is_an_insertion_and_the_annex_is_untouched():
    draft = [
        "The Group held five meetings in Geneva, at the United Nations Headquarters, in two years.",
        "The Group agreed on its methods of work and on two guiding questions for the discussion.",
        "Annex text: a focal point for knowledge creation should be created in the United Nations system.",
    ]
    raw = (
        "The Group held five meetings in Geneva, at the United Nations Headquarters, in two years.\n\n"
        "Annex text: a focal point for knowledge creation should be created in the United Nations system.\n\n"
        "The Group agreed on its methods of work and on two guiding questions for the discussion.\n"
    )
    entries = align([DraftParagraph(k, None, t) for k, t in enumerate(draft)], split_revised_text(raw))
    assert [(e.kind, e.draft_key) for e in entries if e.kind != UNCHANGED] == [("moved", 2)]


# -- PDF files -------------------------------------------------------------------------------------


def _pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, one line each)."""
    stream = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{k} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_a_pdf_upload_is_read_for_its_text():
    data = _pdf_with_text(["1.  The Group held five meetings in Geneva.", "2.  The Group agreed on its methods."])
    assert uploads.sniff(data) == "pdf"
    assert [(p.number, p.text) for p in split_revised_text(pdf.extract_text(data))] == [
        ("1", "The Group held five meetings in Geneva."),
        ("2", "The Group agreed on its methods."),
    ]


def test_a_scanned_pdf_without_a_text_layer_gets_a_clear_message():
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    data = io.BytesIO()
    writer.write(data)
    with pytest.raises(UploadError, match="no text to read: it is probably a scan"):
        pdf.extract_text(data.getvalue())


def test_a_text_file_that_merely_starts_with_pdf_gets_a_clear_message():
    with pytest.raises(UploadError, match="starts as a PDF does but is not a readable PDF"):
        pdf.extract_text(b"%PDF-1.4 is the version we use for the report.\nThe Group met five times.\n")


@pytest.mark.django_db
def test_a_fake_pdf_is_refused_before_anything_is_planned(wgec):
    with pytest.raises(UploadError, match="not a readable PDF"):
        plans.revised_text_plan(wgec, b"%PDF-1.7\nNot a PDF at all, only text.\n", "revised.txt")


UNRELATED = (
    b"Minutes of the sailing club\n\n"
    b"1.  The committee met on the pier and agreed to paint the boathouse green before the regatta.\n\n"
    b"2.  The treasurer reported that the new sails were bought at half price from the harbour shop.\n"
)


@pytest.mark.django_db
def test_a_document_unrelated_to_the_draft_is_refused_saying_how_little_matched(wgec):
    with pytest.raises(UploadError, match=r"Only 0% of the file's words are in paragraphs that match the draft"):
        plans.revised_text_plan(wgec, UNRELATED, "minutes.txt")


@pytest.mark.django_db
def test_the_secretariat_can_import_an_unrelated_document_all_the_same(wgec, secretariat_officer):
    from amendments import actions
    from amendments.models import Import

    staged = actions.imports.stage(
        wgec, user=secretariat_officer, kind=Import.Kind.REVISED_TEXT, data=UNRELATED, filename="minutes.txt",
        unrelated_ok=True,
    )  # fmt: skip
    assert [e["kind"] for e in staged.plan["entries"]] == ["inserted", "inserted"]


def test_arabic_that_pypdf_gives_in_page_order_is_put_back_in_reading_order():
    page_order = "The «ززعملا نواعتلا» of the «تامولعملا عمتجم» and the «ةيمنتلا»."
    assert pdf._logical_arabic(page_order) == "The «التعاون المعزز» of the «مجتمع المعلومات» and the «التنمية»."


def test_arabic_already_in_reading_order_is_left_alone():
    text = "The «التعاون المعزز» of the «مجتمع المعلومات»."
    assert pdf._logical_arabic(text) == text


def test_arabic_from_pdftotext_comes_out_in_reading_order_with_its_quotes_in_place():
    raw = "Policy institutions «\u202b »التعاون المعزز\u202cmechanism health accountability.\n"
    assert texts(raw) == ["Policy institutions «التعاون المعزز» mechanism health accountability."]


def test_chinese_spaced_out_by_a_justified_line_or_cut_at_a_line_end_is_whole_again():
    raw = (
        "The Working Group on policy reporting « 信 息 社 会 » multilingual reporting and the\n"
        "institutions of the international community and its regional partners «加强合\n"
        "作» inclusiveness and transparency of the process as a whole, in every region.\n"
    )
    assert texts(raw) == [
        "The Working Group on policy reporting «信息社会» multilingual reporting and the institutions of the "
        "international community and its regional partners «加强合作» inclusiveness and transparency of the "
        "process as a whole, in every region."
    ]
