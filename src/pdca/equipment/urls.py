from django.urls import path

from pdca.core.urls import object_paths
from pdca.equipment import views as v

app_name = "equipment"
urlpatterns = [
    path("import/", v.EquipmentImport.as_view(), name="import"),
    *object_paths(
        "calibrations",
        "calibrationrecord",
        list_view=v.CalibrationRecordList,
        detail_view=v.CalibrationRecordDetail,
        edit_view=v.CalibrationRecordEdit,
        delete_view=v.CalibrationRecordDelete,
    ),
    *object_paths(
        "impact-assessments",
        "impactassessment",
        list_view=v.ImpactAssessmentList,
        detail_view=v.ImpactAssessmentDetail,
        edit_view=v.ImpactAssessmentEdit,
        delete_view=v.ImpactAssessmentDelete,
    ),
    *object_paths(
        "maintenance-plans",
        "maintenanceplan",
        list_view=v.MaintenancePlanList,
        detail_view=v.MaintenancePlanDetail,
        edit_view=v.MaintenancePlanEdit,
        delete_view=v.MaintenancePlanDelete,
    ),
    *object_paths(
        "maintenance",
        "maintenancerecord",
        list_view=v.MaintenanceRecordList,
        detail_view=v.MaintenanceRecordDetail,
        edit_view=v.MaintenanceRecordEdit,
        delete_view=v.MaintenanceRecordDelete,
    ),
    # The register is the app's front page (/equipment/), so its pages are written out.
    path("", v.EquipmentList.as_view(), name="equipment_list"),
    path("new/", v.EquipmentEdit.as_view(), name="equipment_create"),
    path("<int:pk>/", v.EquipmentDetail.as_view(), name="equipment_detail"),
    path("<int:pk>/edit/", v.EquipmentEdit.as_view(), name="equipment_edit"),
    path("<int:pk>/delete/", v.EquipmentDelete.as_view(), name="equipment_delete"),
    path("<int:pk>/status/", v.EquipmentTransition.as_view(), name="equipment_transition"),
]
