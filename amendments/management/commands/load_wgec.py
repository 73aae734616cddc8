"""Load the real WGEC data: the participants, the Chair's draft report of 11 November 2017, and the
compilations of proposals read from the real documents (the 2013–14 rolling document, the Russian
Federation's contributions of 2017).

Rows are created through the models (not loaddata) so each one gets its initial history record.
Running it again changes nothing.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from amendments import actions
from amendments.actions.history import save_with_history
from amendments.core.ordering import spread
from amendments.management.commands._compilations import load_compilations
from amendments.models import Amendment, Paragraph, Participant, Report, Section, WorkingGroup

FIXTURES = settings.BASE_DIR / "fixtures"
REASON = "Loaded from the WGEC fixtures"
WORKING_GROUP = "CSTD Working Group on Enhanced Cooperation"


def _read(name):
    path = FIXTURES / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"{path}: {exc}") from None


def _create(model, **fields):
    return save_with_history(model(**fields), user=None, reason=REASON, clean=True)


def wgec_group():
    """The WGEC working group, made with its history the first time; in a database whose WGEC
    draft was loaded before working groups existed, the one a migration put it in."""
    existing = WorkingGroup.objects.filter(name=WORKING_GROUP).first()
    if existing is not None:
        return existing
    meta = _read("wgec_chair_proposal.json")["report"]
    loaded = Report.objects.filter(title=meta["title"], subtitle=meta["subtitle"]).first()
    return loaded.working_group if loaded is not None else _create(WorkingGroup, name=WORKING_GROUP)


def load_participants(data):
    group = wgec_group()
    created = 0
    for entry in data["participants"]:
        if not Participant.objects.filter(working_group=group, name=entry["name"]).exists():
            _create(Participant, working_group=group, **entry)
            created += 1
    return created


def _create_children(parent, entries, footnotes):
    keys = spread(len(entries) + len(footnotes))
    for key, entry in zip(keys[: len(entries)], entries, strict=True):
        child = _create(
            Paragraph,
            section=parent.section,
            parent=parent,
            number=entry.get("number") or "",
            kind=entry.get("kind", Paragraph.Kind.ITEM),
            text=entry["text"],
            position=key,
        )
        _create_children(child, [], entry.get("footnotes", []))
    for key, note in zip(keys[len(entries) :], footnotes, strict=True):
        _create(
            Paragraph,
            section=parent.section,
            parent=parent,
            number=str(note["number"]),
            kind=Paragraph.Kind.FOOTNOTE,
            text=note["text"],
            footnote_anchor=note.get("after", ""),
            position=key,
        )


def load_report(data):
    """The report, and whether it was created now (False: it was already loaded, nothing changed)."""
    meta = data["report"]
    existing = Report.objects.filter(title=meta["title"], subtitle=meta["subtitle"]).first()
    if existing is not None:
        return existing, False
    report = _create(Report, working_group=wgec_group(), **meta)
    for section_key, section_data in zip(spread(len(data["sections"])), data["sections"], strict=True):
        section = _create(
            Section,
            report=report,
            key=section_data["key"],
            heading=section_data["heading"],
            paragraph_name=section_data.get("paragraph_name", ""),
            position=section_key,
        )
        paragraphs = section_data["paragraphs"]
        for key, entry in zip(spread(len(paragraphs)), paragraphs, strict=True):
            paragraph = _create(
                Paragraph,
                section=section,
                number=entry.get("number") or "",
                kind=Paragraph.Kind.PARAGRAPH,
                text=entry["text"],
                position=key,
            )
            _create_children(paragraph, entry.get("items", []), entry.get("footnotes", []))
    actions.identity.keep_original(report, user=None, reason=REASON)
    return report, True


def resolve_target(report, target):
    """The paragraph a fixture target names (see fixtures/FORMAT.md)."""
    rows = Paragraph.objects.filter(section__report=report)
    if "footnote" in target:
        return rows.get(kind=Paragraph.Kind.FOOTNOTE, number=str(target["footnote"]))
    top = rows.filter(section__key=target["section"], parent=None).order_by("position")
    paragraph = top.get(number=target["number"]) if "number" in target else top[target["index"]]
    if "item" in target:
        paragraph = paragraph.children.exclude(kind=Paragraph.Kind.FOOTNOTE).order_by("position")[target["item"]]
    return paragraph


def load_amendments(report, data):
    """A participant's amendments and comments, submitted; skipped when that participant already has some."""
    participant = Participant.objects.get(working_group=report.working_group_id, name=data["participant"])
    if Amendment.objects.filter(participant=participant, paragraph__section__report=report).exists():
        return 0
    for entry in data["amendments"]:
        paragraph = resolve_target(report, entry["target"])
        actions.amendments.propose(
            user=None,
            participant=participant,
            paragraph_id=paragraph.pk,
            kind=entry["kind"],
            expected_paragraph_version=paragraph.version,
            proposed_text=entry.get("proposed_text", ""),
            justification=entry.get("justification", ""),
            provisional_number=entry.get("provisional_number", ""),
            submit=True,
            reason=REASON,
        )
    for entry in data.get("comments", []):
        actions.comments.comment(
            user=None, participant=participant, paragraph=resolve_target(report, entry["target"]), text=entry["text"]
        )
    return len(data["amendments"])


class Command(BaseCommand):
    help = "Load the WGEC participants and the Chair's draft report (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-compilations",
            action="store_true",
            help="Load the participants and the Chair's draft only, not the compilations read from the seeds.",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            participants = load_participants(_read("wgec_participants.json"))
            report, created = load_report(_read("wgec_chair_proposal.json"))
            amendments = load_amendments(report, _read("wgec_ashtonhart_amendments.json"))
            compilations = [] if options["no_compilations"] else load_compilations(report.working_group, REASON)
        self.stdout.write(f"Participants created: {participants}.")
        self.stdout.write(f"Amendments loaded: {amendments}.")
        if not created:
            self.stdout.write("The Chair's draft report is already loaded.")
        else:
            count = Paragraph.objects.filter(section__report=report).count()
            self.stdout.write(f"Loaded {report}: {count} paragraphs, sub-items and footnotes.")
        for compilation in compilations:
            self.stdout.write(f"Loaded the compilation {compilation}.")
