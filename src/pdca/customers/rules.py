"""Who may do what with customers, feedback, surveys and KPI feeds.

Customer feedback arrives at every desk (8.2.1): anybody with a role except the read-only viewer logs
what a customer said, so nothing is lost between the phone and the quality office. Everyone reads the
customer list and the feedback (customer focus is everybody's job, 5.1.2), including the external
auditor, who reads complaints first for 9.1.2. Changing a complaint's handling is for those who run
part of the system, and for its owner, whatever their role: they answer for it. Surveys speak to
customers in the organisation's name and feed its objectives, so the quality managers (and the admin)
build, send and close them, and connect KPIs; everyone who runs or audits the system reads the results.
Deleting is for the quality managers: a complaint logged in error, a customer entered twice.
"""

import rules

from pdca.core.choices import ALL_ROLES, CONTRIBUTORS, MANAGERS, Role
from pdca.core.permissions import register_model_perms
from pdca.customers.models import Customer, CustomerSettings, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound

LOGGERS = ALL_ROLES - {Role.VIEWER}
READERS = CONTRIBUTORS | {Role.VIEWER}


@rules.predicate
def owns_feedback(user, feedback) -> bool:
    return isinstance(feedback, Feedback) and feedback.owner.user_id == getattr(user, "pk", None)


register_model_perms(Customer, view=ALL_ROLES, add=CONTRIBUTORS, delete=MANAGERS)
register_model_perms(
    Feedback, view=ALL_ROLES, add=LOGGERS, change=CONTRIBUTORS, extra_change=owns_feedback, delete=MANAGERS
)
register_model_perms(Survey, view=READERS, add=MANAGERS)
register_model_perms(SurveyQuestion, view=READERS, add=MANAGERS)
register_model_perms(SurveyRound, view=READERS, add=MANAGERS)
register_model_perms(KpiFeed, view=READERS, add=MANAGERS)
register_model_perms(CustomerSettings, view=READERS, add=MANAGERS)
