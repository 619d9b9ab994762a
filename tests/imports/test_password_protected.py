"""A password-protected workbook made by a real tool is refused by every import with the Russian reason.

``files/password_protected.xlsx`` is a real encrypted .xlsx (ECMA-376 Agile Encryption, as Excel's «Зашифровать
с помощью пароля» writes it), not the synthetic stand-in of ``bench/hostile_files.password_protected``. It was
made once with msoffcrypto-tool 6.1.0 (PyPI), outside the project's dependencies::

    msoffcrypto-tool -e -p 'Сальск2021' plain.xlsx tests/imports/files/password_protected.xlsx

from a one-sheet workbook with the teachers' headers and one row; ``msoffcrypto-tool -p 'Сальск2021'`` gives
that workbook back byte for byte."""

from pathlib import Path

import pytest
from django.urls import reverse

from .conftest import IMPORTS
from .test_hostile import count, post, refused

pytestmark = pytest.mark.django_db

ENCRYPTED = (Path(__file__).parent / "files" / "password_protected.xlsx").read_bytes()
REASON = "защищён паролем: портал не может его прочитать"


def test_the_fixture_is_a_real_encrypted_workbook():
    assert ENCRYPTED.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # an OLE compound file, not a zip
    assert "EncryptedPackage".encode("utf-16-le") in ENCRYPTED
    # The Agile EncryptionInfo a real tool writes: its XML descriptor with the key data and the password's key.
    assert b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"' in ENCRYPTED
    assert b'cipherAlgorithm="AES"' in ENCRYPTED and b"encryptedKeyValue=" in ENCRYPTED


@pytest.mark.parametrize("case", IMPORTS, ids=[case.name for case in IMPORTS])
def test_every_import_refuses_it_in_russian(world, client_for, case):
    client, url, before = client_for(case.persona), case.url(world), count(case)
    response, _ = post(client, url, ENCRYPTED, name="Педагоги 2021.xlsx")
    message = refused(response)
    assert f"Файл «Педагоги 2021.xlsx» {REASON}" in message, message
    assert "снимите пароль" in message
    assert count(case) == before


def test_the_accounts_import_refuses_it_in_russian(world, client_for):
    from schools.models import User

    client, before = client_for("methodist"), User.objects.count()
    response, _ = post(client, reverse("schools:user_import"), ENCRYPTED)
    assert REASON in refused(response)
    assert User.objects.count() == before
