"""Job roles, competences, the competence matrix, training and awareness (7.2, 7.3)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "pdca.people"
    label = "people"
    verbose_name = _("Competence and training")

    def ready(self):
        from pdca.core import search
        from pdca.documents.services import watch_revisions
        from pdca.people import services

        search.register(
            "competence", label=_("Competence"), perms=("people.view_competence",), rebuild=services.people_reindex
        )
        search.register("training", label=_("Training"), perms=("people.view_training",))
        # A new effective revision of a document a role must know flags its holders; acknowledging clears it.
        watch_revisions(services.on_revision_effective, services.on_acknowledged)
