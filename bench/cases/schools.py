def run(bench):
    bench.page("Рабочий стол", "methodist", "/dashboard/")
    bench.page("Рабочий стол", "school_a", "/dashboard/")
    bench.page("Организации: список", "methodist", "/organisations/")
    bench.page("Организации: список", "official", "/organisations/")
    bench.page("Организации: список", "school_a", "/organisations/")
    bench.page("Организации: поиск «СОШ»", "methodist", "/organisations/?q=СОШ")
    bench.page("Пилотный проект: участники", "methodist", "/pilot/participants/")
    bench.timed("Организации: XLSX (все)", lambda: bench.client_for("methodist").get("/organisations/?_export=xlsx"))
