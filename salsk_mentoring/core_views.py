from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .dashboard import collect_widgets
from .jobs import job_state, jobs_for
from .middleware import SESSION_KEY
from .models import Job
from .uploads import serve_upload


@require_safe
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@require_safe
@login_required
def dashboard(request):
    user = request.user
    if user.is_methodist:
        role_title = "Рабочий стол методиста"
    elif user.is_official:
        role_title = "Обзор для руководства"
    else:
        org = request.active_organisation
        role_title = f"Рабочий стол: {org}" if org else "Рабочий стол"
    return render(request, "dashboard.html", {"widgets": collect_widgets(request), "role_title": role_title})


@login_required
@require_POST
def switch_organisation(request):
    try:
        org_id = int(request.POST.get("organisation", ""))
    except ValueError:
        return HttpResponseBadRequest("Не выбрана организация")
    if org_id not in request.user.organisation_ids:
        messages.error(request, "Вы не состоите в этой организации.")
    else:
        request.session[SESSION_KEY] = org_id
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    # A PermissionDenied raised with a Russian reason (e.g. by a service function) shows it to the user.
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)


@require_safe
@login_required
def job_list(request):
    jobs = Job.objects.for_user(request.user)[:50]
    return render(request, "jobs/list.html", {"jobs": jobs, "title": "Мои документы"})


@require_safe
def job_detail(request, pk):
    """A job's page, also without signing in: a visitor's public job opens in the session that asked for it
    (salsk_mentoring.jobs.jobs_for); anything else is a 404, whoever asks."""
    job = get_object_or_404(jobs_for(request), pk=pk)
    # A public job's document is kept while the visitor's session lasts (salsk_mentoring.jobs.expire_jobs).
    kept_hours = settings.SESSION_COOKIE_AGE // 3600
    return render(request, "jobs/detail.html", {"job": job, "title": job.title, "kept_hours": kept_hours})


@require_safe
@never_cache
def job_status(request, pk):
    """The job's state as JSON for its page's script (static/js/jobs.js): the page's own access rule, three
    queries at most (session, user, job) whatever the job."""
    return JsonResponse(job_state(get_object_or_404(jobs_for(request), pk=pk)))


@require_safe
def job_download(request, pk):
    job = get_object_or_404(jobs_for(request), pk=pk, status=Job.Status.DONE)
    return serve_upload(job.result, filename=job.result_name, content_type=job.content_type)


@require_safe
@login_required
def reports_page(request):
    """«Отчёты»: every report and document the user may open, with its formats and filters (salsk_mentoring.reports).
    After a refused choice (``report_open``) the page comes back with that report's choices kept."""
    from .reports import reports_for

    again = request.GET.get("report")
    entries = []
    for report in reports_for(request.user):
        kept = request.GET if report.key == again else {}
        filters = [
            {
                "filter": f,
                "id": f"f-{report.key}-{f.name}",
                "options": [(str(v), label, str(v) == kept.get(f.name)) for v, label in f.choices],
            }
            for f in report.filters
        ]
        links = [] if report.filters else [(fmt.label, report.url({}, fmt)) for fmt in report.formats]
        entries.append({"report": report, "filters": filters, "links": links})
    grouped = {}
    for entry in entries:
        grouped.setdefault(entry["report"].section, []).append(entry)
    return render(request, "reports.html", {"sections": list(grouped.items()), "title": "Отчёты и документы"})


@require_safe
@login_required
def report_open(request, key):
    """A report's form on the «Отчёты» page: the chosen filters checked against the choices the user was
    offered, then a redirect to the report itself (which checks rights and scope again)."""
    from urllib.parse import urlencode

    from django.http import Http404
    from django.urls import reverse

    from .reports import reports_for

    report = next((r for r in reports_for(request.user) if r.key == key), None)
    if report is None:
        raise Http404("Такого отчёта нет или он вам недоступен.")
    fmt = report.format(request.GET.get("as", "")) or report.formats[0]
    values, problems = report.chosen(request.GET)
    if problems:
        messages.error(request, f"{report.title}: " + " ".join(problems))
        kept = {name: request.GET[name] for name in (f.name for f in report.filters) if name in request.GET}
        return redirect(f"{reverse('reports')}?{urlencode({**kept, 'report': key})}#report-{key}")
    return redirect(report.url(values, fmt))
