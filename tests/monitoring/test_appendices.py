"""Appendices 1 and 2 of Order 866 come from the stored targets and accepted submissions."""

from decimal import Decimal

from monitoring import services
from monitoring.appendices import monitoring_results, organisations_targets


def accept(world, sub, user, num, den, count):
    services.submission_save(
        user=user,
        submission=sub,
        values={
            world["indicator"].pk: {"numerator": num, "denominator": den},
            world["indicator_count"].pk: {"value": count},
        },
    )
    services.submission_submit(user=user, submission=sub)
    services.submission_accept(user=world["methodist"], submission=sub)


def test_results_appendix_aggregates_accepted_submissions(world):
    params = {"year": world["year"].pk}
    empty = monitoring_results(params=params, user=world["methodist"])
    assert "нет принятых отчётов" in empty.missing
    accept(world, world["submission_a"], world["school_a"], "3", "10", "4")
    accept(world, world["submission_b"], world["school_b"], "7", "30", "6")
    content = monitoring_results(params=params, user=world["methodist"])
    assert content.missing == ""
    assert content.landscape
    row = next(r for r in content.xlsx_rows if r[1].startswith("Т1."))
    # share by counts: (3 + 7) / (10 + 30) = 25 %; regional 30, district target 35 → −10
    assert row[3:8] == [Decimal(30), Decimal(35), Decimal("25.00"), Decimal("-10.00"), "не достигнут"]
    count_row = next(r for r in content.xlsx_rows if r[1].startswith("Т2."))
    assert count_row[5] == Decimal(10)
    assert "2021-2022 учебном году" in content.title


def test_targets_appendix_lists_organisations_with_their_targets(world):
    content = organisations_targets(params={"year": world["year"].pk}, user=world["methodist"])
    assert content.missing == ""
    assert content.xlsx_rows[0][1] == world["org_a"].short_name
    assert content.xlsx_rows[0][2] == Decimal(40)
    assert content.xlsx_rows[-1][1].startswith("Сальский район")
    html = __import__("django.template.loader", fromlist=["x"]).render_to_string(
        content.template, {"appendix": content, "context": content.context}
    )
    assert "Т1, %" in html and "40" in html


def test_targets_appendix_without_targets_explains(world, db):
    from tests.factories import AcademicYearFactory

    other = AcademicYearFactory(start_year=2030, is_current=False)
    content = organisations_targets(params={"year": other.pk}, user=world["methodist"])
    assert "не заданы" in content.missing
