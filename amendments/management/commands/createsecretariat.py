"""The very first secretariat officer of a working group, made at the server: the working group
(created when missing), the user (login = e-mail address, created when missing) and its
secretariat role, with the Django group and staff status it brings (amendments.actions.staff).

Without --password-stdin the officer chooses a password through the one-use link printed; no
password ever goes on a command line, where `ps` and the shell's history would keep it.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandParser

from amendments.actions import staff
from amendments.management.commands._files import refuse


class Command(BaseCommand):
    help = "Make EMAIL the secretariat of the working group --body (both created when missing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The officer's e-mail address, which is also the login.")
        parser.add_argument("--body", required=True, help="The working group's name, e.g. its full name.")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input instead of printing a link.",
        )

    def handle(self, *args: str, email: str, body: str, password_stdin: bool = False, **options: object) -> None:
        password = _read_password() if password_stdin else None
        try:
            done = staff.first_secretariat(body, email, password=password)
        except staff.StaffError as error:
            raise refuse(str(error)) from None
        group = "created" if done.created_group else "existing"
        user = "created" if done.created_user else "existing"
        self.stdout.write(f"{done.user.get_username()} ({user}) is secretariat of {done.working_group.name} ({group}).")
        if password is None:
            self.stdout.write("Choose the password here (the link works once, for a limited time):")
            self.stdout.write(staff.set_password_link(done.user))


def _read_password() -> str:
    line = sys.stdin.readline()
    password = line[:-1] if line.endswith("\n") else line
    if not password:
        raise refuse("--password-stdin: standard input holds no password.")
    return password
