"""Who may do what with competence and training.

Competence records are personal data about employees, so the registers are read by those who run or
audit the system and by the read-only viewer (the external auditor asks for them first under 7.2), not
by every employee; an employee sees their own profile (roles, levels, gaps, trainings, flags) on the
profile page, which checks that the person is theirs. Quality managers define the job roles, the
competences and what each role requires, since that is the organisation's competence policy. Those who
lead people — top management and process owners — assess levels, plan and run trainings and judge
their effectiveness; auditors read and do not assess (they must stay independent). Only quality
managers delete: assessments and trainings are evidence.
"""

from pdca.core.choices import CONTRIBUTORS, MANAGERS, Role
from pdca.core.permissions import register_model_perms
from pdca.people.models import (
    Competence,
    JobRole,
    ObjectiveAwareness,
    PersonCompetence,
    RetrainingFlag,
    RoleRequirement,
    Training,
    TrainingAttendee,
)

READERS = CONTRIBUTORS | {Role.VIEWER}
ASSESSORS = MANAGERS | {Role.TOP_MANAGEMENT, Role.PROCESS_OWNER}

for model in (JobRole, Competence, RoleRequirement):
    register_model_perms(model, view=READERS, add=MANAGERS)
register_model_perms(PersonCompetence, view=READERS, add=ASSESSORS, delete=MANAGERS)
register_model_perms(Training, view=READERS, add=ASSESSORS, delete=MANAGERS)
register_model_perms(TrainingAttendee, view=READERS, add=ASSESSORS, delete=MANAGERS)
register_model_perms(RetrainingFlag, view=READERS, add=MANAGERS)
register_model_perms(ObjectiveAwareness, view=READERS, add=ASSESSORS, delete=MANAGERS)
