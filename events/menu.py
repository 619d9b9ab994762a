from salsk_mentoring.navigation import MenuItem, register_menu

MENU = register_menu(
    [
        MenuItem("План мероприятий (приложение 5)", "events:public_plan", "План", public=True, order=40),
        MenuItem("Мои задачи", "events:my_tasks", "План", order=41),
        MenuItem("Исполнение плана", "events:planitem_list", "План", order=42),
        MenuItem("Календарь", "events:calendar", "План", order=43),
    ]
)
