from salsk_mentoring.navigation import MenuItem, register_menu

MENU = register_menu(
    [
        MenuItem("ИОМ молодых специалистов", "iom:iom_list", "ИОМ", order=40),
        MenuItem("Кампании по ИОМ", "iom:iomcampaign_list", "ИОМ", order=41),
        MenuItem("Шаблон ИОМ (приложение 4)", "iom:iomtemplate_list", "ИОМ", order=42),
    ]
)
