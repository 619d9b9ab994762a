from salsk_mentoring.navigation import MenuItem

MENU = [
    MenuItem("Приказы", "orders:order_list", "Документы", order=60),
]
