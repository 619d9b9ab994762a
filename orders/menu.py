from salsk_mentoring.navigation import MenuItem, register_menu

MENU = register_menu(
    [
        MenuItem("Приказы", "orders:order_list", "Документы", order=60),
        MenuItem("Отчёты и документы", "reports", "Документы", order=61),
    ]
)
