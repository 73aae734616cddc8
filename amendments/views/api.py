"""Read-only JSON API (session login): the reports, their text, and the amendments a user may see."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from amendments.models import Amendment, Paragraph, Position, Report
from amendments.queries.redlines import attach_positions
from amendments.queries.tree import report_tree


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "title", "subtitle", "body", "symbol", "distribution", "language", "date"]


class ParagraphSerializer(serializers.ModelSerializer):
    class Meta:
        model = Paragraph
        fields = ["id", "number", "kind", "parent", "text", "status"]


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    heading = serializers.CharField()
    paragraphs = ParagraphSerializer(
        many=True, help_text="In report order; sub-items and footnotes follow their parent."
    )


class ReportDetailSerializer(ReportSerializer):
    sections = SectionSerializer(many=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "sections"]


class EarlierPositionSerializer(serializers.Serializer):
    participant = serializers.CharField()
    stance = serializers.ChoiceField(choices=Position.Stance.choices)
    version = serializers.IntegerField(help_text="The amendment's version the stance was given on.")


class AmendmentSerializer(serializers.ModelSerializer):
    participant = serializers.CharField(source="participant.name")
    supported_by = serializers.ListField(
        child=serializers.CharField(), help_text="Participant names, supporting the current version."
    )
    opposed_by = serializers.ListField(
        child=serializers.CharField(), help_text="Participant names, opposing the current version."
    )
    earlier_positions = EarlierPositionSerializer(
        many=True, help_text="Stances given on an earlier version and not confirmed on the current one."
    )
    segments = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        help_text='The redline as [op, text] pairs; op is "equal", "insert" or "delete".',
    )
    is_compromise = serializers.BooleanField(
        read_only=True, help_text="A Chair's proposal: a compromise text, usually merging other amendments."
    )
    superseded_by = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The Chair's proposal that supersedes this amendment (null if none)."
    )

    class Meta:
        model = Amendment
        fields = [
            "id",
            "paragraph",
            "participant",
            "kind",
            "status",
            "version",
            "provisional_number",
            "base_text",
            "proposed_text",
            "segments",
            "justification",
            "submitted_at",
            "supported_by",
            "opposed_by",
            "earlier_positions",
            "is_compromise",
            "superseded_by",
        ]


def _flatten(nodes):
    for node in nodes:
        yield node.paragraph
        yield from _flatten(node.items)
        yield from (n.paragraph for n in node.footnotes)


@extend_schema(responses=ReportSerializer(many=True))
@api_view(["GET"])
def report_list(request):
    return Response(ReportSerializer(Report.objects.of(request.user), many=True).data)


@extend_schema(responses=ReportDetailSerializer)
@api_view(["GET"])
def report_detail(request, pk):
    report = get_object_or_404(Report, pk=pk)
    sections = [
        {
            "id": s.section.pk,
            "key": s.section.key,
            "heading": s.section.heading,
            "paragraphs": list(_flatten(s.nodes)),
        }
        for s in report_tree(report)
    ]
    return Response(ReportDetailSerializer({**ReportSerializer(report).data, "sections": sections}).data)


@extend_schema(responses=AmendmentSerializer(many=True))
@api_view(["GET"])
def report_amendments(request, pk):
    report = get_object_or_404(Report, pk=pk)
    amendments = (
        Amendment.objects.visible_to(request.user)
        .filter(paragraph__section__report=report)
        .select_related("participant")
        .order_by("id")
    )
    return Response(AmendmentSerializer(attach_positions(amendments), many=True).data)
