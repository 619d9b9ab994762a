"""Indicators and their target values: plain registries."""

from django.urls import reverse

from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView

from ..filters import IndicatorFilter, TargetFilter
from ..forms import IndicatorForm, TargetForm
from ..models import Indicator, Target
from ..resources import TargetImporter
from ..tables import IndicatorTable, TargetTable


class IndicatorMixin:
    model = Indicator


class IndicatorListView(IndicatorMixin, RegistryListView):
    table_class = IndicatorTable
    filterset_class = IndicatorFilter
    title = "Показатели эффективности целевой модели наставничества"


class IndicatorDetailView(IndicatorMixin, RegistryDetailView):
    pass


class IndicatorEditView(IndicatorMixin, RegistryEditView):
    form_class = IndicatorForm


class IndicatorDeleteView(IndicatorMixin, RegistryDeleteView):
    pass


class TargetMixin:
    model = Target
    list_select_related = ("indicator", "academic_year", "organisation", "municipality")


class TargetListView(TargetMixin, RegistryListView):
    table_class = TargetTable
    importer_class = TargetImporter  # the XLSX export carries the import's columns: export → edit → import
    filterset_class = TargetFilter
    title = "Целевые значения показателей"
    template_name = "monitoring/target_list.html"


class TargetDetailView(TargetMixin, RegistryDetailView):
    pass


class TargetEditView(TargetMixin, RegistryEditView):
    form_class = TargetForm

    def get_success_url(self):
        return reverse("monitoring:target_list") + f"?academic_year={self.object.academic_year_id}"


class TargetDeleteView(TargetMixin, RegistryDeleteView):
    pass
