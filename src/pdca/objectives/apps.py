from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "pdca.objectives"
    label = "objectives"
    verbose_name = _("Quality objectives and KPIs")

    def ready(self):
        from pdca.core import evidence
        from pdca.objectives.choices import REGISTER_STATUSES

        # The objectives register, once it holds an approved objective, IS the documented information on
        # the quality objectives (6.2.1). The quality policy (5.2.2 a) is covered by the effective policy
        # document through its clause tag (the documents app's tagged source).
        evidence.register(
            evidence.Source(
                kind=evidence.MAINTAIN,
                label=_("Quality objectives register"),
                model="objectives.QualityObjective",
                live=lambda objectives: objectives.filter(status__in=REGISTER_STATUSES),
                keys=("hs.planning.objectives.setting.established",),
                list_url_name="objectives:qualityobjective_list",
            )
        )
        # KPI measurements are the retained evidence of monitoring and measurement results (9.1.1).
        evidence.register(
            evidence.Source(
                kind=evidence.RETAIN,
                label=_("KPI measurements"),
                model="objectives.Measurement",
                keys=("hs.evaluation.monitoring.general.records",),
                list_url_name="objectives:measurement_list",
            )
        )
