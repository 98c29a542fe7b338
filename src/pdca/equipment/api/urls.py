from rest_framework.routers import SimpleRouter

from pdca.equipment.api import views

# The sub-resources first: "equipment/<pk>/" would otherwise catch "equipment/calibrations/".
router = SimpleRouter()
router.register("equipment/calibrations", views.CalibrationRecordViewSet, basename="calibrationrecord")
router.register("equipment/impact-assessments", views.ImpactAssessmentViewSet, basename="impactassessment")
router.register("equipment/maintenance-plans", views.MaintenancePlanViewSet, basename="maintenanceplan")
router.register("equipment/maintenance", views.MaintenanceRecordViewSet, basename="maintenancerecord")
router.register("equipment", views.EquipmentViewSet, basename="equipment")
urlpatterns = router.urls
