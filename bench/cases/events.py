def run(bench):
    bench.section("План мероприятий")
    bench.page("План: опубликованный (/plan/)", None, "/plan/")
    bench.page("План: исполнение (список)", "methodist", "/plan/items/")
    bench.page("План: просроченные", "methodist", "/plan/items/?status=overdue")
    bench.page("План: мои задачи", "school_a", "/plan/my/")
    bench.page("План: календарь месяца", "methodist", "/plan/calendar/")
    bench.page("План: календарь .ics (весь план)", None, "/plan/plan.ics")
    bench.timed("План: приложение 5, PDF", lambda: bench.client_for(None).get("/plan/appendix.pdf"))
    # Made in the request since it is a row per item (a background job only above 60 items); best of two runs.
    bench.timed(
        "План: отчёт об исполнении, PDF", lambda: bench.client_for("methodist").get("/plan/report/"), repeat=2
    )

    from events.services import reminders_send

    bench.timed("План: напоминания (пробный прогон)", lambda: reminders_send(dry_run=True))
