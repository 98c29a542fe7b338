"""Who may do what with equipment, maintenance and calibration.

Everybody in the organisation reads the register, employees and the external auditor included: an
operator must be able to check that the gauge in their hand is in calibration before they use it, and
the calibration status is what an auditor samples first for 7.1.5. The register itself (adding
equipment, plans, calibrations, status changes) is kept by the quality managers and the process
owners who run the workshop and the metrology; whoever is responsible for a piece of equipment may
update it and take it out of service. Employees record the maintenance they do (operators do the
daily and weekly checks). An impact assessment of an out-of-tolerance result decides whether product
already shipped is suspect: the quality managers record and correct it. Deleting is for entries made
in error, by the quality managers.
"""

import rules

from pdca.core.choices import ALL_ROLES, MANAGERS, Role
from pdca.core.permissions import register_model_perms
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord

READERS = ALL_ROLES
WRITERS = MANAGERS | {Role.PROCESS_OWNER}
MAINTAINERS = WRITERS | {Role.EMPLOYEE}


@rules.predicate
def responsible_for(user, equipment) -> bool:
    return isinstance(equipment, Equipment) and equipment.owner.user_id == getattr(user, "pk", None)


register_model_perms(Equipment, view=READERS, add=WRITERS, extra_change=responsible_for, delete=MANAGERS)
register_model_perms(CalibrationRecord, view=READERS, add=WRITERS, change=MANAGERS, delete=MANAGERS)
register_model_perms(MaintenancePlan, view=READERS, add=WRITERS, delete=MANAGERS)
register_model_perms(MaintenanceRecord, view=READERS, add=MAINTAINERS, change=MANAGERS, delete=MANAGERS)
register_model_perms(ImpactAssessment, view=READERS, add=MANAGERS, delete=MANAGERS)
