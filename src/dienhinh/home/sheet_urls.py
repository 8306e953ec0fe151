from django.urls import path

from . import sheets

urlpatterns = [
    path("sheets/people.xlsx", sheets.people_xlsx, name="sheet_people"),
    path("sheets/units.xlsx", sheets.units_xlsx, name="sheet_units"),
    path("sheets/people/<str:code>/trich-ngang.xlsx", sheets.record_sheet_xlsx,
         name="sheet_record"),
    path("sheets/plans/<int:plan_pk>/<int:year>/registrations.xlsx",
         sheets.registrations_xlsx, name="sheet_registrations"),
    path("sheets/nominations.xlsx", sheets.nominations_xlsx, name="sheet_nominations"),
]
