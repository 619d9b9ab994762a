"""Every uploaded file is handed out only by a view that checked who asks — never at its /media/ address.

The file fields are found from the models, the views that serve them from the permission matrix: a route
whose object has a file and whose answer to its owner is that file's bytes.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.test import Client
from django.urls import clear_url_caches, reverse

from tests.matrix import all_routes
from tests.mentors.matrix import PNG
from tests.test_permission_matrix import resolve

OWNER, OTHER_SCHOOL = "school_a", "school_b"


def every_file_field():
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


FILE_FIELDS = every_file_field()


def test_the_project_has_file_fields():
    names = {f"{model._meta.label}.{field.name}" for model, field in FILE_FIELDS}
    assert {"mentors.MentorBankEntry.photo", "iom.IomRow.evidence_file", "events.Evidence.file",
            "salsk_mentoring.Job.result"} <= names


@pytest.fixture
def debug_urls(settings, tmp_path):
    """The URL conf as ``make run`` (DEBUG) builds it, MEDIA_ROOT in a temporary folder."""
    import salsk_mentoring.urls

    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    importlib.reload(salsk_mentoring.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(salsk_mentoring.urls)
    clear_url_caches()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def stored_files_of(world, model, field):
    """(world key, object) of the world's objects with a file in ``field``."""
    found = [(key, obj) for key, obj in world.items() if isinstance(obj, model) and getattr(obj, field.name)]
    assert found, f"{model._meta.label}.{field.name}: no object with a file in the test world (tests/<app>/matrix.py)"
    return found


@pytest.mark.parametrize(("model", "field"), FILE_FIELDS, ids=[f"{m._meta.label}.{f.name}" for m, f in FILE_FIELDS])
def test_a_file_is_served_only_through_a_scoped_view(model, field, world, debug_urls, settings):
    routes = all_routes()
    serving = []
    for key, obj in stored_files_of(world, model, field):
        stored = getattr(obj, field.name)
        with stored.open("rb") as fh:
            content = fh.read()
        # An address nobody can guess: no ids, dates or counters, a random folder per file.
        assert re.fullmatch(r"[a-z_/]+/[0-9a-f]{32}/[^/]+", stored.name), stored.name
        # Its /media/ address is nothing, with DEBUG on (make run) as without it — even with the file on disk
        # in MEDIA_ROOT (the tests' storage is in memory, where a file server would not find it).
        on_disk = settings.MEDIA_ROOT / stored.name
        on_disk.parent.mkdir(parents=True, exist_ok=True)
        on_disk.write_bytes(content)
        for persona in ("anonymous", OWNER):
            client = Client()
            if world[persona]:
                client.force_login(world[persona])
            assert client.get(f"/media/{stored.name}").status_code == 404
        for route in routes:
            if route.kwargs.get("pk") != key or route.query:
                continue
            url = reverse(route.name, kwargs=resolve(route.kwargs, world))
            owner = Client()
            owner.force_login(world[OWNER])
            response = owner.get(url)
            if response.status_code == 200 and body(response) == content:
                serving.append(url)
                if route.name == "mentors:public_photo":
                    continue  # public while a consent in force allows it: tests/mentors/test_public_bank.py
                anonymous = Client().get(url)
                # refused: the login page, or a 404 where the view opens without signing in (a job's document:
                # a visitor's own public job, salsk_mentoring.jobs.jobs_for)
                assert anonymous.status_code == 404 or (
                    anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
                )
                other = Client()
                other.force_login(world[OTHER_SCHOOL])
                assert other.get(url).status_code == 404
                assert response["Cache-Control"] == "private, no-store"
    assert serving, f"{model._meta.label}.{field.name}: no view of the permission matrix serves the file"


def test_no_route_serves_media_under_debug(debug_urls):
    from django.urls import Resolver404
    from django.urls import resolve as resolve_path

    with pytest.raises(Resolver404):
        resolve_path("/media/mentors/photos/demo-1.png")


@pytest.mark.parametrize(("model", "field"), FILE_FIELDS, ids=[f"{m._meta.label}.{f.name}" for m, f in FILE_FIELDS])
def test_replaced_and_deleted_files_leave_the_storage_after_commit(
    model, field, world, django_capture_on_commit_callbacks
):
    _, obj = stored_files_of(world, model, field)[0]
    old = getattr(obj, field.name).name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        getattr(obj, field.name).save("new.png", ContentFile(PNG), save=True)
        assert default_storage.exists(old)  # not before the commit: a rolled-back save keeps its file
    for callback in callbacks:
        callback()
    new = getattr(obj, field.name).name
    assert not default_storage.exists(old) and default_storage.exists(new)
    with django_capture_on_commit_callbacks(execute=True):
        delete_with_what_protects_it(obj)
    assert not default_storage.exists(new)


def delete_with_what_protects_it(obj, depth=3):
    from django.db.models import ProtectedError

    try:
        type(obj)._base_manager.filter(pk=obj.pk).delete()
    except ProtectedError as error:
        assert depth, f"{obj!r} stays protected"
        for other in error.protected_objects:
            delete_with_what_protects_it(other, depth - 1)
        type(obj)._base_manager.filter(pk=obj.pk).delete()


def test_behind_nginx_the_body_is_left_to_an_internal_location(world, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    evidence = world["evidence_a"]
    client = Client()
    client.force_login(world[OWNER])
    response = client.get(reverse("events:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{evidence.file.name}"
    assert response["Content-Disposition"] == 'attachment; filename="spravka.pdf"'
    client.logout()
    client.force_login(world[OTHER_SCHOOL])
    response = client.get(reverse("events:evidence_file", args=[evidence.pk]))
    assert response.status_code == 404 and "X-Accel-Redirect" not in response
