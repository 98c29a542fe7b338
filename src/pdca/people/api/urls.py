from rest_framework.routers import SimpleRouter

from pdca.people.api import views

# Under competence/: core's people/<pk>/ is the person register.
router = SimpleRouter()
router.register("competence/roles", views.JobRoleViewSet, basename="jobrole")
router.register("competence/requirements", views.RoleRequirementViewSet, basename="rolerequirement")
router.register("competence/levels", views.PersonCompetenceViewSet, basename="personcompetence")
router.register("competence/competences", views.CompetenceViewSet, basename="competence")
router.register("trainings", views.TrainingViewSet, basename="training")
urlpatterns = router.urls
