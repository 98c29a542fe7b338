from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The requirement of clause 4.4 that asks for documented information: 4.4.2 a) maintain what supports the
# operation of the processes (the process register is it) and b) retain what shows they run as planned
# (records, tagged with this key or a key above it, count for that half).
REGISTER_KEYS = ("hs.context.system.documentation.process_information",)


class ProcessesConfig(AppConfig):
    name = "pdca.processes"
    label = "processes"
    verbose_name = _("Processes")

    def ready(self):
        from pdca.core import evidence, search
        from pdca.processes import services
        from pdca.processes.choices import ProcessStatus

        search.register(
            "process", label=_("Process"), perms=("processes.view_process",), rebuild=services.processes_reindex
        )

        # The approved processes are the maintained process register (4.4.2 a) once there is one.
        evidence.register(
            evidence.Source(
                kind=evidence.MAINTAIN,
                label=_("Process register (approved processes)"),
                model="processes.Process",
                live=lambda processes: processes.filter(status=ProcessStatus.ACTIVE),
                keys=REGISTER_KEYS,
                list_url_name="processes:process_list",
            )
        )
