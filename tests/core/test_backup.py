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
