from salsk_mentoring.navigation import MenuItem, register_menu

MENU = register_menu(
    [
        MenuItem("Мониторинги и отчёты ОО", "monitoring:monitoringcampaign_list", "Мониторинг", order=50),
        MenuItem(
            "Итоги по району",
            "monitoring:report_district",
            "Мониторинг",
            perm="monitoring.view_district_report",
            order=51,
        ),
        MenuItem(
            "Сравнение организаций",
            "monitoring:report_compare",
            "Мониторинг",
            perm="monitoring.view_district_report",
            order=52,
        ),
        MenuItem(
            "Динамика по годам",
            "monitoring:report_trend",
            "Мониторинг",
            perm="monitoring.view_district_report",
            order=53,
        ),
        MenuItem("Показатели эффективности", "monitoring:indicator_list", "Мониторинг", order=54),
        MenuItem("Целевые значения", "monitoring:target_list", "Мониторинг", order=55),
    ]
)
