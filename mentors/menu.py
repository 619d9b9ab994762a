from salsk_mentoring.navigation import MenuItem

MENU = [
    MenuItem("Педагоги", "mentors:teacher_list", "Реестры", order=20),
]
