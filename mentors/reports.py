"""The mentoring registries' lists on the «Отчёты» page (salsk_mentoring.reports)."""

from salsk_mentoring.reports import OPEN, PDF, XLSX, Report, report_entries

LISTS = "Реестры: списки в XLSX и PDF (отбор — на странице списка)"


@report_entries
def reports(user, choices):
    def listing(key, title, url_name, description="", order=93):
        return Report(key, title, LISTS, description, url_name=url_name, formats=[OPEN, XLSX, PDF], order=order)

    return [
        listing("teachers", "Педагоги", "mentors:teacher_list",
                "Со столбцами импорта (ключ — электронная почта): выгрузка → правка в Excel → импорт."),
        listing("bank", "Банк наставников (приложение 7)", "mentors:mentorbankentry_list",
                "Со столбцами импорта и «Кодом записи»: выгрузка → правка → импорт обновляет те же записи."),
        listing("mentees", "Наставляемые", "mentors:mentee_list"),
        listing("pairs", "Наставнические пары и группы", "mentors:pair_list",
                "Сроки, статус словами; со столбцами импорта и «Кодом записи»."),
        listing("programmes", "Программы наставничества ОО", "mentors:programme_list"),
        Report("pair-health", "Состояние пар", "Наставничество",
               "Пары без встреч и отзывов, просроченные сроки.", url_name="mentors:pair_health", order=40),
        Report("public-bank", "Публичный банк наставников", "Наставничество",
               "Опубликованные с согласия инфокарты наставников.", url_name="mentors:public_bank",
               formats=[OPEN, XLSX], order=41),
    ]
