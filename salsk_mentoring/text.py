"""Russian wording helpers."""


def plural_ru(count: int, forms: str | tuple[str, str, str]) -> str:
    """Pick the Russian plural form: 1 педагог, 2 педагога, 5 педагогов, 11 педагогов, 21 педагог."""
    one, few, many = forms.split(",") if isinstance(forms, str) else forms
    n = abs(int(count))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def initials(last_name: str, first_name: str = "", middle_name: str = "") -> str:
    """«Иванченко О.В.»"""
    tail = "".join(f"{part[0]}." for part in (first_name, middle_name) if part)
    return f"{last_name} {tail}".strip()
