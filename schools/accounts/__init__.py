"""Accounts of a whole district: the users registry, invitations, sign-in by e-mail or username, password
reset and login throttling.

* :mod:`.services` — ``user_invite``, ``invitation_accept``, ``user_deactivate``, ``user_reactivate``,
  ``responsibles_invite``: every change goes through them, each saved with a history record (who, why);
  e-mails through ``salsk_mentoring.mail`` (after commit, by the task queue);
* :mod:`.throttle` — failed sign-ins: a per-account back-off and a per-address limit (the client address
  read through ``PORTAL_TRUSTED_PROXIES`` / ``PORTAL_CLIENT_IP_HEADER``);
* :mod:`.forms`, :mod:`.views` — the registry pages (methodists manage, officials read) and the sign-in,
  invitation and reset pages;
* :mod:`.importer` — accounts from XLSX through the project's import flow.
"""
