"""Appendix 6 of Order 866: the pilot organisations of the regional project (and its outline)."""

from salsk_mentoring.documents import AppendixContent, AppendixOutline

from .models import PilotParticipant, PilotProject

NO_PROJECT_TITLE = "Перечень пилотных организаций"
NO_PROJECT = "Пилотный проект не найден."
NO_PARTICIPANTS = "В проекте пока нет пилотных организаций."


def pilot_project(params: dict, user):
    projects = PilotProject.objects.for_user(user).select_related("platform")
    return projects.filter(pk=params.get("project")).first() or projects.order_by("pk").first()


def project_title(project) -> str:
    return (
        "Перечень пилотных общеобразовательных организаций по реализации проекта "
        f"«{project.name}» {project.status} {project.platform} (руководитель {project.leader})"
    )


def pilot_organisations(*, params: dict, user) -> AppendixContent:
    project = pilot_project(params, user)
    if project is None:
        return AppendixContent(title=NO_PROJECT_TITLE, template="", missing=NO_PROJECT)
    participants = list(
        PilotParticipant.objects.for_user(user).filter(project=project).select_related("organisation")
        .order_by("position", "organisation__short_name")
    )
    headers = ["№ п/п", "Образовательная организация", "Ответственный", "Должность"]
    rows = [[i, p.organisation.full_name, p.responsible_name, p.responsible_position]
            for i, p in enumerate(participants, start=1)]
    return AppendixContent(
        title=project_title(project),
        template="schools/print/appendix_pilot_organisations.html",
        context={"project": project, "participants": participants},
        xlsx_headers=headers,
        xlsx_rows=rows,
        missing="" if participants else NO_PARTICIPANTS,
    )


def pilot_organisations_outline(*, params: dict, user) -> AppendixOutline:
    project = pilot_project(params, user)
    if project is None:
        return AppendixOutline(title=NO_PROJECT_TITLE, missing=NO_PROJECT)
    present = PilotParticipant.objects.for_user(user).filter(project=project).exists()
    return AppendixOutline(title=project_title(project), missing="" if present else NO_PARTICIPANTS, is_table=True)
