"""The `pdca` console command: Django's management commands under the project's name.

`pdca catalogue import FILE --org acme --user qm@acme.test` is `manage.py catalogue import …`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdca.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pdca", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
