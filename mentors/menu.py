from salsk_mentoring.navigation import MenuItem, register_menu

MENU = register_menu(
    [
        MenuItem("Педагоги", "mentors:teacher_list", "Реестры", order=20),
        MenuItem("Банк наставников", "mentors:mentorbankentry_list", "Наставничество", order=30),
        MenuItem("Наставляемые", "mentors:mentee_list", "Наставничество", order=31),
        MenuItem("Пары и группы", "mentors:pair_list", "Наставничество", order=32),
        MenuItem("Состояние пар", "mentors:pair_health", "Наставничество", order=33),
        MenuItem("Подбор наставников", "mentors:matching", "Наставничество", order=34),
        MenuItem("Запросы сетевых пар", "mentors:networkpairrequest_list", "Наставничество", order=34.5),
        MenuItem("Программы ОО", "mentors:programme_list", "Наставничество", order=35),
        MenuItem("Примерные программы (прил. 3)", "mentors:programmetemplate_list", "Наставничество", order=36),
        MenuItem("Формы наставничества", "mentors:mentoringform_list", "Наставничество", order=37),
        MenuItem("Публичный банк наставников", "mentors:public_bank", "Наставничество", public=True, order=38),
    ]
)
