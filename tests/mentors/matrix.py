from tests.matrix import OBJECT_A_CHANGE, OBJECT_A_READ, SCHOOL_ADD, SIGNED_IN, Route

ROUTES = [
    Route("mentors:teacher_list", profile=SIGNED_IN),
    Route("mentors:teacher_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("mentors:teacher_list", profile=SIGNED_IN, query="_export=pdf"),
    Route("mentors:teacher_add", profile=SCHOOL_ADD),
    Route("mentors:teacher_import", profile=SCHOOL_ADD),
    Route("mentors:teacher_import_template", profile=SCHOOL_ADD, ok_post=(405,)),
    Route("mentors:teacher_detail", {"pk": "teacher_a"}, OBJECT_A_READ),
    Route("mentors:teacher_edit", {"pk": "teacher_a"}, OBJECT_A_CHANGE),
    Route("mentors:teacher_delete", {"pk": "teacher_a"}, OBJECT_A_CHANGE),
]
