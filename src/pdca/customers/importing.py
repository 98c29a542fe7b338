"""Bringing an existing customer list into pdca from Excel or CSV.

Every row is checked first and every bad cell named ("row 5, contact e-mail: … is not an e-mail
address"); only a file without any complaint is imported, all rows in one transaction. Columns are
read by position, as in the downloadable template; the heading row is not read.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.core import spreadsheets, trail
from pdca.core.exceptions import ValidationFailed
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, CellError, SpreadsheetInvalid
from pdca.customers import services
from pdca.customers.models import Customer

COLUMNS = {
    "number": gettext_lazy("Number"),
    "name": gettext_lazy("Name"),
    "sector": gettext_lazy("Sector"),
    "contact_name": gettext_lazy("Contact"),
    "contact_email": gettext_lazy("Contact e-mail"),
    "phone": gettext_lazy("Telephone"),
    "account_owner": gettext_lazy("Account owner"),
    "is_active": gettext_lazy("Active"),
    "notes": gettext_lazy("Notes"),
}
COLUMN_HELP = [
    (COLUMNS["number"], gettext_lazy("Optional. Your existing number (e.g. CUS-0042); empty: numbered by pdca.")),
    (COLUMNS["name"], gettext_lazy("Required. Unique in the list.")),
    (COLUMNS["sector"], gettext_lazy("Optional, e.g. Aerospace.")),
    (COLUMNS["contact_name"], gettext_lazy("Optional.")),
    (COLUMNS["contact_email"], gettext_lazy("Optional. Survey invitations go to this address.")),
    (COLUMNS["phone"], gettext_lazy("Optional.")),
    (COLUMNS["account_owner"], gettext_lazy("Optional. The name of a person of the organisation.")),
    (COLUMNS["is_active"], gettext_lazy("Yes or No; empty: Yes.")),
    (COLUMNS["notes"], gettext_lazy("Optional.")),
]
YES = {"yes", "y", "true", "1", "ja", "oui"}
NO = {"no", "n", "false", "0", "nein", "non"}


def headers() -> list[str]:
    return [str(label) for label in COLUMNS.values()]


def example_row() -> list:
    return [
        "",
        "Northern Aero Structures Ltd",
        "Aerospace",
        "Sarah Whitfield",
        "s.whitfield@example.com",
        "",
        "",
        "Yes",
        "",
    ]


def _text(value, max_length: int) -> str:
    text = spreadsheets.plain(value)
    if len(text) > max_length:
        raise Bad(_("longer than %(n)s characters") % {"n": max_length})
    return text


def _email(value) -> str:
    text = _text(value, 254)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise Bad(_("“%(v)s” is not an e-mail address") % {"v": text}) from None
    return text


def _yes_no(value) -> bool:
    text = spreadsheets.plain(value).casefold()
    if not text or text in YES:
        return True
    if text in NO:
        return False
    raise Bad(_("“%(v)s” is not Yes or No") % {"v": value})


class _Checks:
    def __init__(self, org):
        self.person = spreadsheets.PeopleByName(org.pk)
        existing = Customer.objects.filter(organisation=org).values_list("number", "name")
        self.numbers = {n for n, _name in existing}
        self.names = {name.casefold() for _n, name in existing}
        self.seen_numbers: dict[str, int] = {}
        self.seen_names: dict[str, int] = {}

    def row(self, line: int, cells: dict):
        row = spreadsheets.RowCells(line, cells, COLUMNS)
        data = {
            "name": row.get("name", self.name, line),
            "sector": row.get("sector", _text, 100),
            "contact_name": row.get("contact_name", _text, 200),
            "contact_email": row.get("contact_email", _email),
            "phone": row.get("phone", _text, 50),
            "account_owner": row.get("account_owner", self.person),
            "is_active": row.get("is_active", _yes_no),
            "notes": spreadsheets.plain(cells["notes"]),
        }
        number = row.get("number", self.number, line) or ""
        return (line, number, data), row.errors

    def name(self, value, line: int) -> str:
        name = spreadsheets.required_text(value, 200)
        key = name.casefold()
        if key in self.names:
            raise Bad(_("%(n)s is already a customer") % {"n": name})
        if key in self.seen_names:
            raise Bad(_("%(n)s is already on row %(row)s") % {"n": name, "row": self.seen_names[key]})
        self.seen_names[key] = line
        return name

    def number(self, value, line: int) -> str:
        number = _text(value, 30)
        if not number:
            return ""
        if number in self.numbers:
            raise Bad(_("%(n)s is already a customer's number") % {"n": number})
        if number in self.seen_numbers:
            raise Bad(_("%(n)s is already on row %(row)s") % {"n": number, "row": self.seen_numbers[number]})
        self.seen_numbers[number] = line
        return number


def customer_list_import(*, org, fileobj, filename: str, by) -> list[Customer]:
    """Check every row of the customer list (Excel or CSV), then create all of them or none."""
    require(by, "add", Customer, org)
    parsed = spreadsheets.checked_rows(fileobj, filename, COLUMNS, _Checks(org))
    return _create_all(org, parsed, by)


@transaction.atomic
def _create_all(org, rows, by) -> list[Customer]:
    created = []
    with trail.acting(by, source="import"):
        for line, number, data in rows:
            try:
                created.append(services.customer_create(org=org, data=data, by=by, number=number or None))
            except ValidationFailed as exc:
                raise SpreadsheetInvalid(
                    [
                        CellError(line, field, "", message, str(COLUMNS.get(field, field)))
                        for field, messages in exc.errors.items()
                        for message in messages
                    ]
                ) from exc
    return created
