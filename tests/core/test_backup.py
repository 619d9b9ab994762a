import pytest
from django.core.management import CommandError, call_command

from mentors.models import Teacher
from schools.models import Organisation, User


def test_backup_restore_round_trip(world, tmp_path):
    teacher = world["teacher_a"]
    teacher.subjects = "физика, астрономия"
    teacher.save()
    counts = (Organisation.objects.count(), Teacher.objects.count(), User.objects.count(),
              Teacher.history.count())
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), verbosity=0)

    Teacher.objects.filter(pk=teacher.pk).update(subjects="испорчено")
    Organisation.objects.create(municipality=world["org_a"].municipality, short_name="Лишняя", full_name="Лишняя")
    call_command("restore", str(archive), yes=True, verbosity=0)

    assert (Organisation.objects.count(), Teacher.objects.count(), User.objects.count(),
            Teacher.history.count()) == counts
    assert Teacher.objects.get(pk=teacher.pk).subjects == "физика, астрономия"
    assert User.objects.get(username="school_a").check_password("salsk-demo")


def test_restore_refuses_a_foreign_file(db, tmp_path):
    bogus = tmp_path / "not-a-backup.zip"
    bogus.write_bytes(b"hello")
    with pytest.raises(CommandError, match="не архив"):
        call_command("restore", str(bogus), yes=True)


def test_restore_drill_gives_identical_rows_checksums_and_files(world, tmp_path):
    """backup → empty database and media → restore: the same rows, checksums and files as before."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from salsk_mentoring.fingerprint import database_fingerprint, media_fingerprint
    from salsk_mentoring.management.commands.restore import empty_database
    from salsk_mentoring.uploads import stored_files
    from tests.factories import TeacherFactory

    teacher = TeacherFactory(organisation=world["org_a"], last_name="Ёлкина")
    teacher.subjects = "физика"
    teacher.save()  # a history record with microseconds in its time
    default_storage.save("jobs/2026/12/Отчёт.pdf", ContentFile(b"%PDF-1.7 report"))
    default_storage.save("plan/evidence/scan.png", ContentFile(bytes(range(256)) * 40))
    tables, files = database_fingerprint(), media_fingerprint()
    assert tables["mentors.teacher"][0] >= 3 and tables["mentors.historicalteacher"][0] >= 4
    assert len(files) >= 3

    archive = tmp_path / "drill.zip"
    call_command("backup", str(archive))
    empty_database()
    for name in list(stored_files(default_storage)):
        default_storage.delete(name)
    assert Teacher.objects.count() == 0 and not list(stored_files(default_storage))

    call_command("restore", str(archive), yes=True)

    assert database_fingerprint() == tables
    assert media_fingerprint() == files
    assert Teacher.objects.get(pk=teacher.pk).subjects == "физика"


def test_restore_refuses_an_archive_that_does_not_match_its_fingerprint(world, tmp_path):
    import json
    import zipfile

    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), verbosity=0)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.namelist():
            content = src.read(item)
            if item == "manifest.json":
                manifest = json.loads(content)
                manifest["tables"]["mentors.teacher"][0] += 1
                content = json.dumps(manifest).encode()
            dst.writestr(item, content)
    Teacher.objects.filter(pk=world["teacher_a"].pk).update(subjects="до восстановления")
    with pytest.raises(CommandError, match="не совпадают с копией"):
        call_command("restore", str(tampered), yes=True, verbosity=0)
    assert Teacher.objects.get(pk=world["teacher_a"].pk).subjects == "до восстановления"
