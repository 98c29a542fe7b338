"""GET /api/v1/o/<org>/search/?q=…: the search page's results as JSON (the same service and filters)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from pdca.core import search
from pdca.core.api.base import ORG_PARAMETER, OrgScopeMixin
from pdca.core.views.search import MAX_PAGE, PAGE_SIZE, search_params


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What the entry is: action, document …")
    kind_label = serializers.CharField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title, HTML-escaped, with the query's words in <mark>.")
    snippet = serializers.CharField(help_text="A piece of the text around the first match.")
    snippet_html = serializers.CharField(help_text="The snippet, HTML-escaped, with the query's words in <mark>.")
    url = serializers.CharField(help_text="The page of the row.")
    is_current = serializers.BooleanField(help_text="False for superseded and obsolete versions.")
    rank = serializers.FloatField(help_text="Higher is better; comparable within one answer only.")
    object_id = serializers.IntegerField()


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Matches; at most the number ranked (see capped).")
    capped = serializers.BooleanField(help_text="More matched than are ranked: the newest were ranked.")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SearchResultSerializer(many=True)


PARAMETERS = [
    ORG_PARAMETER,
    OpenApiParameter("q", OpenApiTypes.STR, description="Words to find; the last may be the start of a word."),
    OpenApiParameter("include_obsolete", OpenApiTypes.BOOL, description="Also superseded and obsolete versions."),
    OpenApiParameter("kind", OpenApiTypes.STR, description="Only entries of this kind (e.g. action)."),
    OpenApiParameter("page", OpenApiTypes.INT, description=f"Page of {PAGE_SIZE} results, from 1."),
]


class SearchApi(OrgScopeMixin, APIView):
    """Full-text search in the organisation; only what the caller's role may see."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=PARAMETERS, responses=SearchPageSerializer, operation_id="search")
    def get(self, request, org_slug):
        params = search_params(request.query_params)
        number = params.pop("page")
        results = search.search(self.org, request.user, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, **params)
        url = request.build_absolute_uri()
        more = results.total > number * PAGE_SIZE and number < MAX_PAGE
        data = {
            "count": results.total,
            "capped": results.capped,
            "next": replace_query_param(url, "page", number + 1) if more else None,
            "previous": (
                remove_query_param(url, "page") if number == 2 else replace_query_param(url, "page", number - 1)
            )
            if number > 1
            else None,
            "results": SearchResultSerializer(results.items, many=True).data,
        }
        return Response(data)
