"""XLSX import of any registry: the project's one import base.

How to use it (a registry's importer is a few lines)::

    from salsk_mentoring.imports import Column, Importer, import_urls

    class TeacherImporter(Importer):
        model = Teacher
        title = "Педагоги"
        columns = [
            Column("Фамилия", "last_name", required=True),
            Column("Организация", "organisation", kind="organisation"),   # looked up by short name
            Column("Педагогический стаж, лет", "teaching_experience", kind="int", min_value=0, max_value=70),
            Column("Электронная почта", "email", kind="email", unique=True),
            Column("Категория", "category", kind="choice", choices=Teacher.Category.choices),
        ]

        def clean_row(self, values, row):       # optional: cross-field checks, extra lookups
            ...                                   # self.error(row, "Столбец", "сообщение")

    # urls.py: *import_urls("teachers", "teacher", TeacherImporter)
    #   → /teachers/import/ (upload → dry-run preview → commit) and /teachers/import/template/ (XLSX template)

What the base does, so that every registry behaves the same:

* the file is checked by content and size (``salsk_mentoring.uploads``: a renamed .xlsm/.exe or a file
  over ``MAX_UPLOAD_MB`` is refused with a reason); an .xls, .ods, CSV or web page named .xlsx, a
  password-protected, truncated or zip-bomb file each get their own Russian reason (:mod:`.reading`);
* the work is bounded by what the file really holds, never by what it declares: rows are counted while the
  sheet unpacks (blank rows included) before any is read, a row numbered past the limit stops the reading
  where it stands, cells and seconds are capped (``IMPORT_MAX_ROWS``, ``IMPORT_MAX_CELLS``,
  ``IMPORT_MAX_UNPACKED_MB``, ``IMPORT_MAX_SECONDS``; :class:`.reading.Limits`);
* the table is found where people put it: the header may stand below a title, span two rows (merged cells
  over sub-headers), sit on any sheet but the template's «Пример»/«Пояснения»; one «ФИО» column stands for
  «Фамилия», «Имя», «Отчество»; hidden rows and columns are read and the preview names them;
* the header must name every required column and no unknown one (headers are compared without case,
  punctuation, extra spaces and «ё»);
* at most ``settings.IMPORT_MAX_ROWS`` data rows; cells are cleaned of no-break spaces, dates are read from
  «01.09.2021», «1 сентября 2021 г.», «2021-09-01» or an Excel day number, numbers from «1 200» or «12,0»;
  a row pasted twice is an error naming both rows;
* every cell is converted by its column kind (str, int, bool, email, date, choice, organisation, or a
  ``lookup`` dict prepared in ``prepare()``); a formula (``=HYPERLINK(...)``) or a text that Excel would
  take for one (starting with ``=``, ``@``, tab/CR; ``+``/``-`` followed by a letter) is refused —
  formula injection never reaches the database or a later export;
* a school user imports only into the active organisation, set server-side: an «Организация» column that
  names another organisation is an error; methodists name the organisation by its short name
  (or «краткое наименование (муниципалитет)» when the short name repeats);
* ``unique=True`` columns are checked inside the file and against the database with one query;
* an importer with ``update_key`` (teachers: the e-mail) can also *update* rows: with «Обновить
  существующие записи» ticked, a row whose key is already in the registry changes that record (only the
  columns present in the file; a record outside the user's scope is an error, a row that changes nothing is
  skipped); without the tick such a row is an error, as any duplicate;
* a many-to-many column (``link_fields``: the bank's forms, a pair's mentees) holds a list «форма1; форма2»,
  exported so and read back by name (an unknown name is an error of its row and column); a new record gets
  those links and an updated record's links become the file's (:mod:`.links`), the history record with them;
* every error is a Russian sentence naming the row and the column (:class:`RowError`);
* ``commit()`` writes all rows or none (one transaction) with ``bulk_create_with_history`` and
  ``bulk_update_with_history`` of ``salsk_mentoring.history``, so each new or changed row has a history record
  by the importing user (copied by the database from the rows written); nothing is saved row by row;
* the page shows upload progress; a file of more than ``BACKGROUND_ROWS`` rows (counted, not read) is
  checked and written by a background job (``salsk_mentoring.jobs``) whose page shows rows read so far;
  a registry's importer that needs more than the user to be rebuilt there says so in ``job_options()``.

It is fast because all lookups are prefetched into dicts once per file and the rows are validated in
Python; ``manage.py bench`` compares it with django-import-export's default path and raw
openpyxl + bulk_create.

Where each part lives:

* :mod:`.columns` — :class:`Column`, ``normalise``, ``chunked`` and the conversion of a cell by its kind;
* :mod:`.reading` — opening a file with bounded work, telling a non-workbook apart, sheets and rows;
* :mod:`.links` — the many-to-many columns (``link_fields``): the links a file sets and their writing;
* :mod:`.importer` — :class:`Importer` (the table, hooks, all-or-nothing commit), :class:`RowError`,
  :class:`ImportRefused`, :class:`ImportResult`;
* :mod:`.checks` — the checks against the registry (organisations by name, unique values, update mode);
* :mod:`.template` — the XLSX template with its «Пояснения» sheet;
* :mod:`.views` — the upload → preview → commit pages and ``import_urls()``;
* :mod:`.jobs` — the background commit of a big file.
"""

from .columns import Column, chunked, normalise
from .importer import Importer, ImportRefused, ImportResult, RowError
from .jobs import import_job
from .views import ImportTemplateView, ImportView, import_urls

__all__ = [
    "Column",
    "ImportRefused",
    "ImportResult",
    "ImportTemplateView",
    "ImportView",
    "Importer",
    "RowError",
    "chunked",
    "import_job",
    "import_urls",
    "normalise",
]
