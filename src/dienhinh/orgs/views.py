from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dienhinh import policy


@login_required
def unit_tree(request):
    units = policy.units(request.user).select_related("subject").order_by("path")
    return render(request, "orgs/unit_tree.html", {"units": units})


@login_required
def person_list(request):
    people = policy.people(request.user).select_related("subject").order_by("subject__sort_key")
    return render(request, "orgs/person_list.html", {"people": people[:200]})


@login_required
def search(request):
    return render(request, "orgs/search.html", {"results": []})
