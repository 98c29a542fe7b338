"""Request middleware: who is acting (for the trail), and the benchmarks' query-count header."""

from django.db import connection
from django.utils import translation

from pdca.core import trail


class TrailActorMiddleware:
    """Attributes any write during a page request to the logged-in user (services also say `by=`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        source = "api" if request.path.startswith("/api/") else "web"
        with trail.acting(user, source=source):
            return self.get_response(request)


class UserLanguageMiddleware:
    """A user's chosen language (and so date and number formats) wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(getattr(request, "user", None), "language", "")
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class QueryCountMiddleware:
    """Adds X-Query-Count to every response; switched on by PDCA_QUERY_COUNT_HEADER for `make bench`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
