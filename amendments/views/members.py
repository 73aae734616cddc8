"""A working group's members, for its secretariat: the delegations and their users, the members'
list uploaded (or one member typed in), what it would change reviewed before it is done, accounts
deactivated and reactivated.

What an upload would change (`actions.members.plan_members`) waits in the officer's session under
a token until it is confirmed or dropped; nothing is written before the confirmation, and a plan
confirmed twice is refused by `apply_members` (the members no longer are what it was made from).
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.actions.members import MembersRefused, Plan
from amendments.forms import _Form
from amendments.importers import uploads
from amendments.importers.members import GROUPS, ROLES, MemberRow, read_members
from amendments.models import Participant, User, WorkingGroup
from amendments.views.access import AuthenticatedHttpRequest, secretariat_required

ONLY_SECRETARIAT = "Only the secretariat of this working group manages its members."
GONE = "This list is no longer waiting for review (it was confirmed, dropped or has expired): upload it again."


class MembersUploadForm(_Form):
    """The members' list the secretariat keeps."""

    file = forms.FileField(
        label="The members' list (CSV or Excel .xlsx)",
        help_text="Columns: Delegation, Stakeholder group, Role (Member or Observer), Name, E-mail.",
        error_messages={"required": "Choose a file to upload.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class MemberForm(_Form):
    """One member typed in, as one row of the list would give it."""

    delegation = forms.CharField(label="Delegation", max_length=200)
    group = forms.ChoiceField(label="Stakeholder group", choices=list(GROUPS.items()))
    role = forms.ChoiceField(label="Role", choices=list(ROLES.items()), initial="member")
    name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="E-mail")

    def row(self) -> MemberRow:
        data = self.cleaned_data
        return MemberRow(
            row=1, delegation=" ".join(data["delegation"].split()), group=data["group"], role=data["role"],
            name=" ".join(data["name"].split()), email=data["email"].strip().lower(),
        )  # fmt: skip


def _key(token: uuid.UUID) -> str:
    return f"members:{token}"


def _working_group(request: AuthenticatedHttpRequest, pk: int) -> WorkingGroup:
    group = get_object_or_404(WorkingGroup, pk=pk)
    if not actions.members.is_secretariat_of(request.user, group.pk):
        raise PermissionDenied(ONLY_SECRETARIAT)
    return group


def _page(
    request: AuthenticatedHttpRequest,
    group: WorkingGroup,
    upload_form: MembersUploadForm | None = None,
    member_form: MemberForm | None = None,
    errors: tuple[str, ...] | list[str] = (),
    status: int = 200,
) -> HttpResponse:
    delegations = Participant.objects.delegations(group).prefetch_related("users")
    context = {
        "group": group,
        "delegations": delegations,
        "upload_form": upload_form or MembersUploadForm(),
        "member_form": member_form or MemberForm(),
        "errors": errors,
    }
    return render(request, "amendments/members.html", context, status=status)


def _stage(
    request: AuthenticatedHttpRequest, group: WorkingGroup, rows: tuple[MemberRow, ...], source: str
) -> HttpResponse:
    plan = actions.members.plan_members(group, rows)
    token = uuid.uuid4()
    request.session[_key(token)] = {"plan": plan.to_json(), "source": source, "working_group": group.pk}
    return redirect("members-review", group.pk, token)


@require_http_methods(["GET", "POST"])
@secretariat_required(message=ONLY_SECRETARIAT)
def members(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = _working_group(request, pk)
    if request.method == "GET":
        return _page(request, group)
    if request.POST.get("action") == "add":
        member_form = MemberForm(request.POST)
        if not member_form.is_valid():
            return _page(request, group, member_form=member_form, status=400)
        return _stage(request, group, (member_form.row(),), f"{member_form.row().name}, typed in")
    files = request.FILES  # parses the body, running the upload handlers
    refused_early = getattr(request, "upload_refused", None)  # set by SizeLimitUploadHandler
    upload_form = MembersUploadForm(request.POST, files)
    if refused_early:
        upload_form = MembersUploadForm()
        upload_form.add_error(None, refused_early)
        return _page(request, group, upload_form=upload_form, status=400)
    if not upload_form.is_valid():
        return _page(request, group, upload_form=upload_form, status=400)
    file = upload_form.cleaned_data["file"]
    try:
        uploads.check_size(file.size or 0)  # before a single byte is read
        read = read_members(file.read(), file.name or "")
    except uploads.UploadError as refused:
        upload_form.add_error("file", str(refused))
        return _page(request, group, upload_form=upload_form, status=400)
    if read.errors:  # nothing is staged from a list with a bad row: the officer corrects the list
        return _page(request, group, errors=read.errors, status=400)
    return _stage(request, group, read.rows, file.name or "the list")


def _labelled(entry: dict[str, Any]) -> dict[str, Any]:
    """A delegation of the plan with its group and role as people read them."""
    shown = {**entry, "group_label": GROUPS[entry["group"]], "role_label": ROLES[entry["role"]]}
    if "old_group" in entry:
        shown["old_group_label"] = GROUPS.get(entry["old_group"], entry["old_group"])
        shown["old_role_label"] = ROLES.get(entry["old_role"], entry["old_role"])
    return shown


@require_http_methods(["GET", "POST"])
@secretariat_required(message=ONLY_SECRETARIAT)
def review(request: AuthenticatedHttpRequest, pk: int, token: uuid.UUID) -> HttpResponse:
    group = _working_group(request, pk)
    staged = request.session.get(_key(token))
    if staged is None or staged.get("working_group") != group.pk:
        messages.error(request, GONE)
        return redirect("members", group.pk)
    plan = Plan.from_json(staged["plan"])
    error = None
    if request.method == "POST" and request.POST.get("action") == "drop":
        del request.session[_key(token)]
        messages.success(request, "List dropped: nothing was changed.")
        return redirect("members", group.pk)
    if request.method == "POST":
        try:
            created = actions.members.apply_members(
                group, plan, user=request.user, reason=f"Members' list: {staged['source']}"
            )
        except MembersRefused as refused:
            error = str(refused)
        else:
            request.session.pop(_key(token), None)
            messages.success(request, f"{len(created)} user{'s' if len(created) != 1 else ''} invited.")
            return redirect("members", group.pk)
    context = {
        "group": group,
        "plan": plan,
        "source": staged["source"],
        "error": error,
        "new_delegations": [_labelled(entry) for entry in plan.new_delegations],
        "changed_delegations": [_labelled(entry) for entry in plan.changed_delegations],
    }
    return render(request, "amendments/members_review.html", context, status=409 if error else 200)


@require_http_methods(["GET", "POST"])
@secretariat_required(message=ONLY_SECRETARIAT)
def member_active(request: AuthenticatedHttpRequest, pk: int, user_id: int) -> HttpResponse:
    """Deactivate or reactivate one member's account: a page that says what it does, then the POST."""
    group = _working_group(request, pk)
    account = get_object_or_404(
        User.objects.select_related("participant"), pk=user_id, participant__working_group=group
    )
    if request.method == "GET":
        return render(request, "amendments/members_active.html", {"group": group, "account": account})
    change = actions.members.reactivate if not account.is_active else actions.members.deactivate
    try:
        changed = change(account.pk, by=request.user)
    except MembersRefused as refused:
        raise PermissionDenied(str(refused)) from None
    done = "reactivated: they can log in again" if changed.is_active else "deactivated: they can no longer log in"
    messages.success(request, f"{changed.get_full_name() or changed.username} {done}.")
    return redirect("members", group.pk)
