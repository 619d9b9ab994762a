from salsk_mentoring.navigation import MenuItem, register_menu

MENU = register_menu(
    [
        MenuItem("Приказы", "orders:order_list", "Документы", order=60),
    ]
)
