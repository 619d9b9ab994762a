from salsk_mentoring.predicates import register_registry_perms

register_registry_perms("mentors", "teacher")
