"""Search: the paragraphs, amendments and comments a user may see whose text holds the words asked
for, each with its label, an excerpt with the matches marked, and a link.

A fixed number of queries whatever is found: one per kind, and one for the places of the sub-items
the labels name. On PostgreSQL the words are found by English full-text search (a websearch query:
"quoted phrases", `or`, `-excluded`), ranked; elsewhere (SQLite) every word must be in the text,
in any case, and the rows come in the order of the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import Combinable, OrderBy
from django.db.models.functions import Coalesce

from amendments.core.highlight import Segments, excerpt, search_terms
from amendments.models import Amendment, Comment, Paragraph, Report, User
from amendments.queries.tree import fill_item_places

LIMIT = 50  # hits of each kind shown; a search that finds more says so
CONFIG = "english"


@dataclass
class Hit:
    label: str
    url: str
    excerpt: Segments
    report: str
    note: str = ""  # where the words were found, when not in the main text ("Justification")


@dataclass
class Group:
    kind: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more than LIMIT were found


@dataclass
class Results:
    query: str
    terms: list[str]
    paragraphs: Group
    amendments: Group
    comments: Group

    @property
    def groups(self) -> list[Group]:
        return [self.paragraphs, self.amendments, self.comments]

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)


def _full_text() -> bool:
    return connection.vendor == "postgresql"


def _matching(rows: QuerySet, fields: Sequence[str], query: str, terms: list[str]) -> QuerySet:
    """`rows` whose `fields` hold the query: its English full-text match, ranked (PostgreSQL), or every
    one of its words in any case (elsewhere)."""
    if _full_text():
        # The fields in order of weight: the main text before a justification.
        vector: Combinable = SearchVector(fields[0], config=CONFIG, weight="A")
        for name in fields[1:]:
            vector = vector + SearchVector(name, config=CONFIG, weight="B")
        wanted = SearchQuery(query, config=CONFIG, search_type="websearch")
        return rows.annotate(found=vector).filter(found=wanted).annotate(rank=SearchRank(F("found"), wanted))
    each_word = [reduce(lambda a, b: a | b, (Q(**{f"{name}__icontains": term}) for name in fields)) for term in terms]
    return rows.filter(reduce(and_, each_word))


def _ordered(rows: QuerySet, *order: str | OrderBy) -> list:
    if _full_text():
        order = ("-rank", *order)
    return list(rows.order_by(*order)[: LIMIT + 1])


def _paragraphs(reports: QuerySet, query: str, terms: list[str]) -> list[Paragraph]:
    rows = Paragraph.objects.filter(section__report__in=reports).exclude(status=Paragraph.Status.DELETED)
    rows = rows.select_related("section__report", "parent__section", "parent__parent")
    # In the report's order: a sub-item or footnote right after the paragraph it belongs to.
    rows = rows.annotate(top_position=Coalesce(F("parent__position"), F("position")))
    order = (
        "section__report_id",
        "section__position",
        "top_position",
        F("parent_id").asc(nulls_first=True),
        "position",
    )
    return _ordered(_matching(rows, ["text"], query, terms), *order)


def _amendments(user: User, reports: QuerySet, query: str, terms: list[str]) -> list[Amendment]:
    rows = Amendment.objects.visible_to(user).filter(paragraph__section__report__in=reports)
    rows = rows.select_related(
        "participant", "paragraph__section__report", "paragraph__parent__section", "paragraph__parent__parent"
    ).defer("segments", "patch", "final_segments")
    return _ordered(_matching(rows, ["proposed_text", "justification"], query, terms), "created", "id")


_SUBJECT = ("section__report", "parent__section", "parent__parent")


def _comments(user: User, reports: QuerySet, query: str, terms: list[str]) -> list[Comment]:
    rows = Comment.objects.visible_with_their_amendments(user).filter(deleted=False)
    rows = rows.filter(Q(paragraph__section__report__in=reports) | Q(amendment__paragraph__section__report__in=reports))
    rows = rows.select_related(
        "participant", "author", "amendment__participant",
        *(f"paragraph__{name}" for name in _SUBJECT), *(f"amendment__paragraph__{name}" for name in _SUBJECT),
    ).defer("amendment__segments", "amendment__patch", "amendment__final_segments")  # fmt: skip
    return _ordered(_matching(rows, ["text"], query, terms), "created", "id")


def amendment_label(amendment: Amendment) -> str:
    """How a result names an amendment: "Amendment by Russian Federation to Recommendations 4"."""
    if amendment.is_compromise:
        return f"Chair's proposal for {amendment.target_label}"
    by = amendment.participant.name
    if amendment.kind == Amendment.Kind.DELETE:
        return f"Deletion of {amendment.target_label} proposed by {by}"
    if amendment.kind == Amendment.Kind.INSERT:
        return f"{amendment.target_label} proposed by {by}"
    return f"Amendment by {by} to {amendment.target_label}"


def _on_amendment(amendment: Amendment) -> str:
    """The amendment a comment is on, within a sentence: "the amendment by …", "the Chair's proposal …"."""
    label = amendment_label(amendment)
    return f"the {label}" if amendment.is_compromise else f"the {label[0].lower()}{label[1:]}"


def _paragraph_hit(paragraph: Paragraph, terms: list[str]) -> Hit:
    return Hit(
        label=paragraph.label,
        url=paragraph.get_absolute_url(),
        excerpt=excerpt(paragraph.text, terms),
        report=paragraph.section.report.title,
    )


def _amendment_hit(amendment: Amendment, terms: list[str]) -> Hit:
    """The excerpt from the proposed text, or from the justification when only it holds the words."""
    proposed = excerpt(amendment.proposed_text, terms)
    from_justification = amendment.justification and not any(matched for matched, _ in proposed)
    return Hit(
        label=amendment_label(amendment),
        url=amendment.get_absolute_url(),
        excerpt=excerpt(amendment.justification, terms) if from_justification else proposed,
        report=amendment.paragraph.section.report.title,
        note="Justification" if from_justification else amendment.get_status_display(),
    )


def _subject(comment: Comment) -> Paragraph:
    """The paragraph a comment is on, or that the amendment it is on amends."""
    subject = comment.amendment.paragraph if comment.amendment is not None else comment.paragraph
    assert subject is not None, "a comment is on a paragraph or on an amendment"
    return subject


def _comment_hit(comment: Comment, terms: list[str]) -> Hit:
    """A comment links to its place on the page of what it is on (the comments' anchors c-<pk>)."""
    if comment.amendment is not None:
        amendment = comment.amendment
        subject, url, paragraph = _on_amendment(amendment), amendment.get_absolute_url(), amendment.paragraph
    else:
        paragraph = _subject(comment)
        subject, url = paragraph.label, paragraph.get_absolute_url()
    return Hit(
        label=f"Comment by {comment.speaker or 'the secretariat'} on {subject}",
        url=f"{url}#c-{comment.pk}",
        excerpt=excerpt(comment.text, terms),
        report=paragraph.section.report.title,
        note="Draft" if comment.draft else "",
    )


def _group(kind: str, rows: list, hit) -> Group:
    return Group(kind=kind, hits=[hit(row) for row in rows[:LIMIT]], more=len(rows) > LIMIT)


def search(user: User, query: str, report: Report | None = None) -> Results:
    """What `user` may see that holds the words of `query`: in the reports of the user's working
    groups (in `report` only, when given), the amendments the user may see, and the comments on
    what the user may see that are not deleted."""
    terms = search_terms(query)
    reports = Report.objects.of(user)
    if report is not None:
        reports = reports.filter(pk=report.pk)
    if not terms:
        return Results(query, terms, Group("paragraphs"), Group("amendments"), Group("comments"))
    paragraphs = _paragraphs(reports, query, terms)
    amendments = _amendments(user, reports, query, terms)
    comments = _comments(user, reports, query, terms)
    subjects = [*paragraphs, *(a.paragraph for a in amendments)]
    subjects += [_subject(c) for c in comments]
    fill_item_places([p for p in subjects if p.parent_id or p.submission_id])
    return Results(
        query=query,
        terms=terms,
        paragraphs=_group("paragraphs", paragraphs, lambda p: _paragraph_hit(p, terms)),
        amendments=_group("amendments", amendments, lambda a: _amendment_hit(a, terms)),
        comments=_group("comments", comments, lambda c: _comment_hit(c, terms)),
    )
