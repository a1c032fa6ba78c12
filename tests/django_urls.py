"""ROOT_URLCONF of the Django status app (settings are configured in conftest).

``/...`` is a plain Django view, ``/api/...`` the same through a DRF ``APIView``;
``/api/books`` validates with a DRF serializer; ``/crash`` raises; ``/moved`` redirects
to ``/status/200``; ``/stream`` streams a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from status_apps import reply_for


@csrf_exempt
def anything(request: HttpRequest, path: str) -> HttpResponse:
    code, headers, body = reply_for("/" + path)
    ctype = next((v for k, v in headers if k.lower() == "content-type"), None)
    response = HttpResponse(body, status=code)
    if ctype:
        response.headers["Content-Type"] = ctype
    else:
        del response.headers["Content-Type"]
    for name, value in headers:
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def moved(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect("/status/200")


def crash(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("division by zero")


def stream(request: HttpRequest) -> StreamingHttpResponse:
    chunks = (f"line {n}\n".encode() for n in range(3))
    return StreamingHttpResponse(chunks, status=404, content_type="text/plain")


class StatusView(APIView):
    authentication_classes = ()
    permission_classes = ()

    def _answer(self, request: Request, path: str) -> Response:
        code, headers, body = reply_for("/" + path)
        data = None
        if body:
            import json

            try:
                data = json.loads(body)
            except ValueError:
                data = body.decode()
        return Response(
            data, status=code, headers={k: v for k, v in headers if k.lower() != "content-type"}
        )

    def get(self, request: Request, path: str) -> Response:
        return self._answer(request, path)

    def finalize_response(
        self, request: Request, response: HttpResponse, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        # DRF adds Allow to every response: keep the status app's own (or none)
        response = super().finalize_response(request, response, *args, **kwargs)
        _, headers, _ = reply_for("/" + kwargs.get("path", ""))
        allow = dict(headers).get("Allow")
        if allow:
            response.headers["Allow"] = allow
        else:
            del response.headers["Allow"]
        return response

    post = put = patch = delete = get


class BookSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=20)
    price = serializers.DecimalField(max_digits=6, decimal_places=2)


class BooksView(APIView):
    authentication_classes = ()
    permission_classes = ()

    def post(self, request: Request) -> Response:
        serializer = BookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.data, status=201, headers={"Location": "/api/books/1"})


urlpatterns = [
    re_path(r"^crash$", crash),
    re_path(r"^moved$", moved),
    re_path(r"^stream$", stream),
    re_path(r"^api/books$", BooksView.as_view()),
    re_path(r"^api/(?P<path>.*)$", StatusView.as_view()),
    re_path(r"^(?P<path>.*)$", anything),
]
