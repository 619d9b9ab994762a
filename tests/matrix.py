"""The permission matrix: every URL of the portal × personas × GET/POST.

Each app declares its routes in ``tests/<app>/matrix.py``::

    ROUTES = [Route("mentors:teacher_detail", {"pk": "teacher_a"}, OBJECT_A_READ), ...]
    def extend_world(world): world["teacher_a"] = ...   # optional

``{"pk": "teacher_a"}`` names an object of the shared world (school A's);
``OBJECT_A_READ`` etc. are access profiles that say what each persona gets.
The guard test fails when a URL of the project is in no app's ROUTES.
"""

from dataclasses import dataclass, field
from importlib import import_module

PERSONAS = ("methodist", "school_a", "school_b", "official", "anonymous")
APPS = ("core", "schools", "mentors", "iom", "events", "monitoring", "orders")

OK = "ok"
LOGIN = "login"
DENIED = "denied"  # refused in any way: login redirect, 403, 404 or 405 — never a change


@dataclass(frozen=True)
class Profile:
    """Expected outcome per persona for GET and POST: OK, LOGIN, DENIED, 403, 404 or 405."""

    name: str
    get: dict
    post: dict


def _p(name, get, post=None):
    personas = dict(zip(PERSONAS, get, strict=True))
    posts = dict(zip(PERSONAS, post, strict=True)) if post else dict.fromkeys(PERSONAS, DENIED)
    return Profile(name, personas, posts)


#                               methodist school_a school_b official anonymous
PUBLIC = _p("public", (OK, OK, OK, OK, OK))
PUBLIC_FORM = _p("public form", (OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK))
LOGOUT = _p("logout", (405, 405, 405, 405, 405), (OK, OK, OK, OK, OK))
SIGNED_IN = _p("signed in", (OK, OK, OK, OK, LOGIN))
SIGNED_IN_POST = _p("signed in, POST only", (405, 405, 405, 405, DENIED), (OK, OK, OK, OK, LOGIN))
SIGNED_IN_FORM = _p("signed in form", (OK, OK, OK, OK, LOGIN), (OK, OK, OK, OK, LOGIN))
STAFF_READ = _p("methodists and officials read", (OK, 403, 403, OK, LOGIN))
METHODIST_ONLY = _p("methodists", (OK, 403, 403, 403, LOGIN), (OK, 403, 403, 403, LOGIN))
METHODIST_ONLY_GET = _p("methodists, read", (OK, 403, 403, 403, LOGIN))
# A school registry's add form: schools file under their own organisation; officials only read.
SCHOOL_ADD = _p("school add", (OK, OK, OK, 403, LOGIN), (OK, OK, OK, 403, LOGIN))
# Objects of school A.
OBJECT_A_READ = _p("school A object, read", (OK, OK, 404, OK, LOGIN))
OBJECT_A_CHANGE = _p("school A object, change", (OK, OK, 404, 403, LOGIN), (OK, OK, 404, 403, LOGIN))
OBJECT_A_METHODIST_CHANGE = _p(
    "school A object, methodists change", (OK, 403, 404, 403, LOGIN), (OK, 403, 404, 403, LOGIN)
)
OBJECT_A_POST_ONLY = _p("school A object, action", (405, 405, 405, 405, 405), (OK, OK, 404, 403, LOGIN))
OBJECT_A_METHODIST_POST_ONLY = _p(
    "school A object, methodist action", (405, 405, 405, 405, 405), (OK, 403, 404, 403, LOGIN)
)
# Something that belongs to school_a's user alone (a background job and its document). The job page opens without
# signing in too (a visitor's public job, salsk_mentoring.jobs.jobs_for): anyone else's job is a 404 there.
OWNED_BY_SCHOOL_A = _p("school_a's own", (404, OK, 404, 404, 404))
# Reference objects every signed-in user reads (pilot project, templates, plan items).
REFERENCE_READ = SIGNED_IN
REFERENCE_CHANGE = METHODIST_ONLY


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: dict = field(default_factory=dict)
    profile: Profile = SIGNED_IN
    post_data: dict = field(default_factory=dict)
    query: str = ""
    # For OK: the statuses that count as success (a POST may redirect after saving).
    ok_get: tuple = (200,)
    ok_post: tuple = (200, 302)

    @property
    def id(self):
        suffix = "".join(f"[{k}={v}]" for k, v in self.kwargs.items())
        return f"{self.name}{suffix}{'?' + self.query if self.query else ''}"


def app_modules():
    modules = []
    for app in APPS:
        try:
            modules.append(import_module(f"tests.{app}.matrix"))
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{app}.matrix":
                raise
    return modules


def all_routes() -> list[Route]:
    return [route for module in app_modules() for route in module.ROUTES]


def extend_world(world):
    for module in app_modules():
        hook = getattr(module, "extend_world", None)
        if hook:
            hook(world)
