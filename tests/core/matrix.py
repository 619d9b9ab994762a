from tests.matrix import LOGOUT, PUBLIC, PUBLIC_FORM, SIGNED_IN, SIGNED_IN_FORM, SIGNED_IN_POST, Route

ROUTES = [
    Route("home", profile=PUBLIC, ok_get=(200, 302)),
    Route("dashboard", profile=SIGNED_IN),
    Route("switch_organisation", profile=SIGNED_IN_POST, post_data={"organisation": "org_a"}),
    Route("login", profile=PUBLIC_FORM, ok_get=(200, 302)),
    Route("logout", profile=LOGOUT, ok_post=(200, 302)),
    Route("password_change", profile=SIGNED_IN_FORM),
    Route("password_change_done", profile=SIGNED_IN),
]
