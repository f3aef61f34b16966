from django.urls import URLPattern, URLResolver, path

from staging import apis, pathway_apis

urlpatterns: list[URLPattern | URLResolver] = [
    path("staging/", apis.StagingApi.as_view(), name="staging-compute"),
    path("ssc-criteria/", apis.SscCriteriaApi.as_view(), name="ssc-criteria"),
    path("pathway/evaluate/", pathway_apis.PathwayEvaluateApi.as_view(), name="pathway-evaluate"),
]
