"""Who may do what with suppliers.

Every member reads the supplier list and the certificates: goods-in and purchasing staff check the
approved supplier list before ordering or accepting a delivery. Evaluations and SCARs say how well a
supplier performs, which is commercial and not for every desk: those who run or audit the system read
them, as does the external auditor (8.4.1 asks for the evaluation records). Those who run part of the
system (process owners, auditors, management) add suppliers, certificates, evaluations and SCARs and
follow SCARs up; the buyer responsible for a supplier may update it, whatever their role. Approval is
a quality decision: only the quality managers change a supplier's status, set the evaluation criteria
and their weights, change the settings, correct evaluations and delete.
"""

import rules

from pdca.core.choices import ALL_ROLES, CONTRIBUTORS, MANAGERS, Role
from pdca.core.permissions import register_model_perms, role_in
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation

READERS = CONTRIBUTORS | {Role.VIEWER}
WRITERS = CONTRIBUTORS


@rules.predicate
def buys_from(user, supplier) -> bool:
    return (
        isinstance(supplier, Supplier)
        and supplier.owner_id is not None
        and supplier.owner.user_id == getattr(user, "pk", None)
    )


register_model_perms(Supplier, view=ALL_ROLES, add=WRITERS, extra_change=buys_from, delete=MANAGERS)
register_model_perms(SupplierCertificate, view=ALL_ROLES, add=WRITERS, delete=MANAGERS)
register_model_perms(EvaluationCriterion, view=READERS, add=MANAGERS)
register_model_perms(SupplierEvaluation, view=READERS, add=WRITERS, change=MANAGERS, delete=MANAGERS)
register_model_perms(Scar, view=READERS, add=WRITERS, delete=MANAGERS)
rules.set_perm("suppliers.approve_supplier", role_in(MANAGERS))
rules.set_perm("suppliers.change_settings", role_in(MANAGERS))
