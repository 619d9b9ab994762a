from django.utils.functional import SimpleLazyObject

from .scoping import get_organisation_model

SESSION_KEY = "active_organisation_id"


def get_active_organisation(request):
    """The organisation a school user is working for now (chosen in the header when they have several).

    New records of a school user are filed under it server-side; the form never carries an organisation.
    """
    user = request.user
    if not user.is_authenticated or not user.is_school:
        return None
    org_ids = user.organisation_ids
    if not org_ids:
        return None
    wanted = request.session.get(SESSION_KEY)
    org_id = wanted if wanted in org_ids else org_ids[0]
    return get_organisation_model().objects.for_user(user).filter(pk=org_id).first()


class ActiveOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.active_organisation = SimpleLazyObject(lambda: get_active_organisation(request))
        return self.get_response(request)
