"""Appendix 6 of Order 866: the pilot organisations of the regional project."""

from salsk_mentoring.documents import AppendixContent

from .models import PilotParticipant, PilotProject


def pilot_organisations(*, params: dict, user) -> AppendixContent:
    project = PilotProject.objects.for_user(user).select_related("platform").filter(pk=params.get("project")).first()
    if project is None:
        project = PilotProject.objects.for_user(user).select_related("platform").order_by("pk").first()
    if project is None:
        return AppendixContent(title="Перечень пилотных организаций", template="", missing="Пилотный проект не найден.")
    participants = list(
        PilotParticipant.objects.for_user(user).filter(project=project).select_related("organisation")
        .order_by("position", "organisation__short_name")
    )
    title = (
        "Перечень пилотных общеобразовательных организаций по реализации проекта "
        f"«{project.name}» {project.status} {project.platform} (руководитель {project.leader})"
    )
    headers = ["№ п/п", "Образовательная организация", "Ответственный", "Должность"]
    rows = [[i, p.organisation.full_name, p.responsible_name, p.responsible_position]
            for i, p in enumerate(participants, start=1)]
    return AppendixContent(
        title=title,
        template="schools/print/appendix_pilot_organisations.html",
        context={"project": project, "participants": participants},
        xlsx_headers=headers,
        xlsx_rows=rows,
        missing="" if participants else "В проекте пока нет пилотных организаций.",
    )
