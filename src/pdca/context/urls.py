from django.urls import path

from pdca.context import views as v
from pdca.core.urls import object_paths

app_name = "context"
urlpatterns = [
    *object_paths(
        "issues",
        "contextissue",
        list_view=v.ContextIssueList,
        detail_view=v.ContextIssueDetail,
        edit_view=v.ContextIssueEdit,
        delete_view=v.ContextIssueDelete,
    ),
    *object_paths(
        "climate",
        "climatedetermination",
        list_view=v.ClimateDeterminationList,
        detail_view=v.ClimateDeterminationDetail,
        edit_view=v.ClimateDeterminationEdit,
        delete_view=v.ClimateDeterminationDelete,
    ),
    # Requirements before parties: "parties/<pk>/" would not catch "parties/requirements/", but keep it readable.
    *object_paths(
        "parties/requirements",
        "partyrequirement",
        list_view=v.PartyRequirementList,
        detail_view=v.PartyRequirementDetail,
        edit_view=v.PartyRequirementEdit,
        delete_view=v.PartyRequirementDelete,
    ),
    *object_paths(
        "parties",
        "interestedparty",
        list_view=v.InterestedPartyList,
        detail_view=v.InterestedPartyDetail,
        edit_view=v.InterestedPartyEdit,
        delete_view=v.InterestedPartyDelete,
    ),
    path("legal/import/", v.LegalImport.as_view(), name="legal_import"),
    path("legal/checks/<int:pk>/action/", v.ComplianceActionRaise.as_view(), name="compliancecheck_action"),
    *object_paths(
        "legal/checks",
        "compliancecheck",
        list_view=v.ComplianceCheckList,
        detail_view=v.ComplianceCheckDetail,
        edit_view=v.ComplianceCheckEdit,
        delete_view=v.ComplianceCheckDelete,
    ),
    *object_paths(
        "legal",
        "legalrequirement",
        list_view=v.LegalRequirementList,
        detail_view=v.LegalRequirementDetail,
        edit_view=v.LegalRequirementEdit,
        delete_view=v.LegalRequirementDelete,
    ),
    path("scope/", v.ScopeView.as_view(), name="scope"),
    path("scope/edit/", v.ScopeEdit.as_view(), name="scope_edit"),
    path("scope/publish/", v.ScopePublish.as_view(), name="scope_publish"),
    path("scope/not-applicable/", v.ScopeNotApplicable.as_view(action="add"), name="scope_na_add"),
    path("scope/not-applicable/justify/", v.ScopeNotApplicable.as_view(action="justify"), name="scope_na_justify"),
    path("scope/not-applicable/remove/", v.ScopeNotApplicable.as_view(action="remove"), name="scope_na_remove"),
]
