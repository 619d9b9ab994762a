def run(bench):
    bench.page("Педагоги: список", "methodist", "/teachers/")
    bench.page("Педагоги: список", "school_a", "/teachers/")
    bench.page("Педагоги: молодые специалисты", "methodist", "/teachers/?young=true")
    bench.page("Педагоги: поиск", "methodist", "/teachers/?q=Иван")
