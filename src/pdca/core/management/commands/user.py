"""`pdca user create --email E --name "First Last" [--username U]`: create a login (server operator).

The password is read from standard input (one line) or, when none is given, a reset link can be
requested on the login page; nothing secret appears on the command line.
"""

import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pdca.core.models import User


class Command(BaseCommand):
    help = "Create a user (server operator). The password comes from standard input."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--email", required=True)
        create.add_argument("--name", default="", help="Full name.")
        create.add_argument("--username", help="Defaults to the part of the e-mail before @.")

    def handle(self, *args, action, email, name, username=None, **options):
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"A user with the e-mail {email} exists already.")
        first, _, last = name.partition(" ")
        user = User(email=email, username=username or email.split("@")[0], first_name=first, last_name=last)
        password = "" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.readline().strip()
        if password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError("password: " + " ".join(exc.messages)) from exc
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        self.stdout.write(f"Created {user.username} <{email}>" + ("" if password else " (no password yet: use reset)"))
