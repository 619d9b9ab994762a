from tests.matrix import (
    DENIED,
    LOGIN,
    METHODIST_ONLY,
    OBJECT_A_CHANGE,
    OBJECT_A_METHODIST_CHANGE,
    OBJECT_A_READ,
    OK,
    PUBLIC,
    PUBLIC_FORM,
    REFERENCE_READ,
    SIGNED_IN,
    Profile,
    Route,
)

#                 methodist school_a school_b official anonymous
_STAFF = ("methodist", "school_a", "school_b", "official", "anonymous")
# The users registry: methodists manage, officials read; a school user is refused everywhere (403, or 404 for a
# person outside their organisation) — they see their colleagues on the organisation's card only.
def _each(*outcomes):
    return dict(zip(_STAFF, outcomes, strict=True))


USERS_READ = Profile("users, read", _each(OK, DENIED, DENIED, OK, LOGIN), dict.fromkeys(_STAFF, DENIED))
USERS_MANAGE = Profile("users, manage", _each(OK, DENIED, DENIED, 403, LOGIN), _each(OK, DENIED, DENIED, 403, LOGIN))
USERS_ACTION = Profile("users, action", _each(405, 405, 405, 405, DENIED), _each(OK, DENIED, DENIED, DENIED, LOGIN))
# A link nobody has: the clear page «Ссылка не найдена» (404), for everyone.
UNKNOWN_LINK = Profile("unknown invitation", dict.fromkeys(_STAFF, 404), dict.fromkeys(_STAFF, 404))

ROUTES = [
    Route("schools:organisation_list", profile=SIGNED_IN),
    Route("schools:organisation_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("schools:organisation_list", profile=SIGNED_IN, query="_export=pdf"),
    Route("schools:organisation_add", profile=METHODIST_ONLY),
    Route("schools:organisation_detail", {"pk": "org_a"}, OBJECT_A_READ),
    Route("schools:organisation_edit", {"pk": "org_a"}, OBJECT_A_METHODIST_CHANGE),
    Route("schools:organisation_delete", {"pk": "org_a"}, OBJECT_A_METHODIST_CHANGE),
    Route("schools:pilotparticipant_list", profile=SIGNED_IN),
    Route("schools:pilotparticipant_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("schools:pilotparticipant_add", profile=METHODIST_ONLY),
    Route("schools:pilotparticipant_detail", {"pk": "pilot_a"}, OBJECT_A_READ),
    Route("schools:pilotparticipant_edit", {"pk": "pilot_a"}, OBJECT_A_CHANGE),
    Route("schools:pilotparticipant_delete", {"pk": "pilot_a"}, OBJECT_A_METHODIST_CHANGE),
    Route("schools:pilotproject_detail", {"pk": "project"}, REFERENCE_READ),
    # «Новый учебный год»: methodists only; a POST without the confirmation changes nothing.
    Route("schools:year_rollover", profile=METHODIST_ONLY),
    Route("schools:user_list", profile=USERS_READ),
    Route("schools:user_list", profile=USERS_READ, query="_export=xlsx"),
    Route("schools:user_list", profile=USERS_READ, query="organisation=org_a&status=active"),
    Route("schools:user_detail", {"pk": "school_a"}, USERS_READ),
    Route("schools:user_add", profile=USERS_MANAGE),
    Route("schools:user_edit", {"pk": "school_a"}, USERS_MANAGE),
    Route("schools:user_invite", {"pk": "school_a"}, USERS_ACTION),
    Route("schools:user_deactivate", {"pk": "school_a"}, USERS_ACTION),
    Route("schools:user_reactivate", {"pk": "school_a"}, USERS_ACTION),
    Route("schools:user_invite_responsibles", profile=USERS_MANAGE),
    Route("schools:user_import", profile=USERS_MANAGE),
    Route("schools:user_import_template", profile=Profile(
        "users, template", USERS_MANAGE.get, dict.fromkeys(_STAFF, DENIED))),
    # Sign-in, reset and invitation pages: anyone (a bad or used link answers a clear page).
    Route("password_reset", profile=PUBLIC_FORM, post_data={"email": "nobody@example.org"}),
    Route("password_reset_done", profile=PUBLIC),
    Route("password_reset_confirm", {"uidb64": "MQ", "token": "set-password"}, PUBLIC_FORM),
    Route("password_reset_complete", profile=PUBLIC),
    Route("invitation_accept", {"token": "no-such-token"}, UNKNOWN_LINK),
]
