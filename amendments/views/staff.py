"""Working groups and their staff: the list of the user's working groups with their reports, a new
working group (secretariat), and each working group's Staff page, where its secretariat gives and
removes the roles Secretariat, Chair and Vice-Chair (actions.staff)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.actions.staff import StaffError
from amendments.models import Report, StaffRole, User, WorkingGroup
from amendments.staff_forms import RemoveRoleForm, StaffRoleForm, WorkingGroupForm
from amendments.views.access import AuthenticatedHttpRequest, secretariat_required

ONLY_ITS_SECRETARIAT = "Only the secretariat of this working group manages its staff."


def working_groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's working groups, each with its reports, and its Staff page for its secretariat."""
    user = request.user
    groups = list(
        WorkingGroup.objects.of(user).prefetch_related(Prefetch("reports", Report.objects.order_by("created", "id")))
    )
    managed = (
        {g.pk for g in groups}
        if user.is_superuser
        else set(user.staff_roles.filter(role=StaffRole.Role.SECRETARIAT).values_list("working_group_id", flat=True))
    )
    rows = [{"group": g, "reports": list(g.reports.all()), "manages": g.pk in managed} for g in groups]
    return render(request, "amendments/working_groups.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@secretariat_required(message="Only the secretariat creates a working group.")
def new_working_group(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.staff.create_working_group(form.cleaned_data["name"], by=request.user)
        except StaffError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"{group.name} created; you are its secretariat.")
            return redirect("working-group-staff", pk=group.pk)
    return render(request, "amendments/working_group_new.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@secretariat_required(message=ONLY_ITS_SECRETARIAT)
def staff(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The working group's staff, with a Remove button beside each role and a form to give one."""
    group = get_object_or_404(WorkingGroup, pk=pk)
    if not actions.staff.is_secretariat_of(request.user, group.pk):
        raise PermissionDenied(ONLY_ITS_SECRETARIAT)
    give = StaffRoleForm(request.POST if request.method == "POST" and "remove" not in request.POST else None)
    removal = RemoveRoleForm(request.POST if "remove" in request.POST else None, working_group=group)
    if request.method == "POST":
        done = _remove(request, group, removal) if "remove" in request.POST else _give(request, group, give)
        if done and not actions.staff.is_secretariat_of(request.user, group.pk):
            return redirect("working-groups")  # the officer gave up its own role: this page is no longer its
        if done:
            return redirect("working-group-staff", pk=group.pk)
    return render(
        request,
        "amendments/staff.html",
        {
            "group": group,
            "roles": _roles(group),
            "give": give,
            "removal": removal,
            "people": _people(group),
            "reports": group.reports.order_by("created", "id"),
        },
        status=400 if give.errors or removal.errors else 200,
    )


def _give(request: AuthenticatedHttpRequest, group: WorkingGroup, form: StaffRoleForm) -> bool:
    if not form.is_valid():
        return False
    try:
        given = actions.staff.give_role_to(
            group.pk, person=form.cleaned_data["person"], role=form.cleaned_data["role"], by=request.user
        )
    except StaffError as error:
        form.add_error("person", str(error))
        return False
    who = _name(given.role.user)
    invited = f" An e-mail was sent to {given.role.user.email} to choose a password." if given.invited else ""
    messages.success(request, f"{who} is {given.role.get_role_display()} of {group.name}.{invited}")
    return True


def _remove(request: AuthenticatedHttpRequest, group: WorkingGroup, form: RemoveRoleForm) -> bool:
    if not form.is_valid():
        return False
    role: StaffRole = form.cleaned_data["remove"]
    try:
        actions.staff.remove_role(group.pk, user_id=role.user_id, role=role.role, by=request.user)
    except StaffError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, f"{_name(role.user)} is no longer {role.get_role_display()} of {group.name}.")
    return True


def _roles(group: WorkingGroup) -> list[dict]:
    """The roles in the order the page lists them: secretariat, Chair, Vice-Chairs."""
    rows = list(StaffRole.objects.filter(working_group=group).select_related("user").order_by("user__username"))
    return [{"role": label, "holders": [r for r in rows if r.role == value]} for value, label in StaffRole.Role.choices]


def _people(group: WorkingGroup) -> list[User]:
    """The users the officer chooses from: the working group's delegates and staff."""
    mine = Q(participant__working_group=group) | Q(staff_roles__working_group=group)
    return list(User.objects.filter(mine, is_active=True).select_related("participant").distinct().order_by("username"))


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()
