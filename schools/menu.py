from salsk_mentoring.navigation import MenuItem, register_menu

MENU = register_menu(
    [
        MenuItem("Организации", "schools:organisation_list", "Реестры", order=10),
        MenuItem("Пилотный проект", "schools:pilotparticipant_list", "Реестры", order=11),
        MenuItem("Пользователи", "schools:user_list", "Реестры", perm="schools.view_user", order=12),
        MenuItem("Новый учебный год", "schools:year_rollover", "Реестры", perm="schools.rollover_year", order=13),
    ]
)
