"""The organisations' lists on the «Отчёты» page (salsk_mentoring.reports)."""

from salsk_mentoring.reports import OPEN, PDF, XLSX, Report, report_entries

LISTS = "Реестры: списки в XLSX и PDF (отбор — на странице списка)"


@report_entries
def reports(user, choices):
    result = [
        Report("organisations", "Организации", LISTS, "Краткое и полное наименование, руководитель, контакты.",
               url_name="schools:organisation_list", formats=[OPEN, XLSX, PDF], order=90),
        Report("pilot", "Участники пилотного проекта", LISTS, url_name="schools:pilotparticipant_list",
               formats=[OPEN, XLSX, PDF], order=91),
    ]
    if user.has_perm("schools.view_user"):
        result.append(Report("users", "Пользователи", LISTS, url_name="schools:user_list",
                             formats=[OPEN, XLSX, PDF], order=92))
    return result
