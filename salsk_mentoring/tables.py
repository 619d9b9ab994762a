import django_tables2 as tables


class YesNoColumn(tables.BooleanColumn):
    """«да»/«нет» on screen and in XLSX/PDF exports (django-tables2 exports str(True) otherwise)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("yesno", "да,нет")
        super().__init__(*args, **kwargs)

    def value(self, record, value, bound_column):
        return "да" if self._get_bool_value(record, value, bound_column) else "нет"
