"""Job roles, competences, the competence matrix, training and awareness (7.2, 7.3)."""

from django.urls import path

from pdca.core.urls import object_paths
from pdca.people import views as v

app_name = "people"
urlpatterns = [
    # Not "": /o/<org>/people/ is core's person register.
    path("matrix/", v.MatrixView.as_view(), name="matrix"),
    path("awareness/", v.AwarenessView.as_view(), name="awareness"),
    path("import/", v.PeopleImport.as_view(), name="import"),
    path("person/<int:pk>/", v.ProfileView.as_view(), name="profile"),
    *[
        path(f"trainings/<int:pk>/{step}/", v.TrainingStep.as_view(), {"step": step}, name=f"training_{step}")
        for step in ("attendees", "complete", "cancel", "evaluate")
    ],
    *object_paths(
        "roles",
        "jobrole",
        list_view=v.JobRoleList,
        detail_view=v.JobRoleDetail,
        edit_view=v.JobRoleEdit,
        delete_view=v.JobRoleDelete,
    ),
    *object_paths(
        "competences",
        "competence",
        list_view=v.CompetenceList,
        detail_view=v.CompetenceDetail,
        edit_view=v.CompetenceEdit,
        delete_view=v.CompetenceDelete,
    ),
    *object_paths(
        "requirements",
        "rolerequirement",
        list_view=v.RoleRequirementList,
        detail_view=v.RoleRequirementDetail,
        edit_view=v.RoleRequirementEdit,
        delete_view=v.RoleRequirementDelete,
    ),
    *object_paths(
        "levels",
        "personcompetence",
        list_view=v.PersonCompetenceList,
        detail_view=v.PersonCompetenceDetail,
        edit_view=v.PersonCompetenceEdit,
        delete_view=v.PersonCompetenceDelete,
    ),
    *object_paths(
        "trainings",
        "training",
        list_view=v.TrainingList,
        detail_view=v.TrainingDetail,
        edit_view=v.TrainingEdit,
        delete_view=v.TrainingDelete,
    ),
]
