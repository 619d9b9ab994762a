"""Benchmarks of the mentors app: list pages and forms at region scale."""


def run(bench):
    """List pages at region scale (the import and export paths side by side: bench/cases/imports.py)."""
    bench.collect_statistics()
    bench.page("Педагоги: список", "methodist", "/teachers/")
    bench.page("Педагоги: список", "school_a", "/teachers/")
    bench.page("Педагоги: молодые специалисты", "methodist", "/teachers/?young=true")
    bench.page("Педагоги: поиск", "methodist", "/teachers/?q=Иван")
    bench.page("Педагоги: фильтр по организации", "methodist", "/teachers/?organisation=СОШ+№+1")
    bench.page("Банк наставников", "methodist", "/mentor-bank/")
    bench.page("Банк наставников", "school_a", "/mentor-bank/")
    bench.page("Пары: список", "methodist", "/pairs/")
    bench.page("Пары: список", "school_a", "/pairs/")
    bench.page("Пары: состояние (район/регион)", "methodist", "/pairs/health/")
    bench.page("Пары: состояние (школа)", "school_a", "/pairs/health/")
    bench.page("Подбор наставников (Сальский район)", "methodist", "/matching/")
    bench.page("Подбор наставников, все муниципалитеты", "methodist", "/matching/?municipality=all")
    bench.page("Наставляемые: список", "methodist", "/mentees/")
    bench.page("Публичный банк наставников", None, "/bank/")
    bench.page("Публичный банк: поиск по предмету", None, "/bank/?subject=математика")
    bench.page("Публичный банк: поиск по организации «СОШ № 1»", None, "/bank/?organisation=СОШ+№+1")
    form_pages(bench)


def form_pages(bench):
    """Form pages whose choices grow with the region: autocomplete widgets, not <select>s of every row."""
    from mentors.models import Pair

    pair = Pair.objects.filter(organisation__short_name="МБОУ СОШ № 1 г. Сальска").order_by("pk").first()
    for user in ("methodist", "school_a"):
        bench.page("Пара: новая (форма)", user, "/pairs/add/")
        if pair:
            bench.page("Пара: изменение (форма)", user, f"/pairs/{pair.pk}/edit/")
        bench.page("Наставляемый: новый (форма)", user, "/mentees/add/")
        bench.page("Банк наставников: новая запись (форма)", user, "/mentor-bank/add/")
    bench.page("Педагог: новый (форма)", "methodist", "/teachers/add/")
    for user in ("methodist", "school_a"):
        bench.page("Подсказки: педагоги, пусто", user, "/autocomplete/teachers/")
        bench.page("Подсказки: педагоги «ива»", user, "/autocomplete/teachers/?q=ива")
        bench.page("Подсказки: молодые специалисты", user, "/autocomplete/teachers/?young=1&q=а")
        bench.page("Подсказки: наставляемые «ко»", user, "/autocomplete/mentees/?q=ко")
        bench.page("Подсказки: банк наставников", user, "/autocomplete/mentor-bank/?q=ва")
    bench.page("Подсказки: организации «СОШ № 5»", "methodist", "/autocomplete/organisations/?q=СОШ+№+5")
    bench.page("Подсказки: организации «сош №5»", "methodist", "/autocomplete/organisations/?q=сош+№5")
    bench.page("Подсказки: организации «гимназ»", "methodist", "/autocomplete/organisations/?q=гимназ")
