"""Pure ASGI middleware: rate limit per client address, body size limit, metrics and logs;
Starlette's CORS, with a refused preflight said in French (:class:`FrenchCORSMiddleware`).

>>> clock = iter([0.0, 0.0, 0.0, 0.5]).__next__
>>> bucket = TokenBucket(rate_per_s=1.0, burst=2, clock=clock)
>>> [bucket.take("1.2.3.4") for _ in range(3)]
[0.0, 0.0, 1.0]
>>> bucket.take("1.2.3.4")  # half a second later: half a token is back
0.5
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics import Metrics

log = logging.getLogger("pacte.api")
EXEMPT = ("/health", "/metrics", "/docs", "/openapi.json", "/widget/")
_CORS_REFUSED = "Disallowed CORS "  # Starlette's words, then what failed: "origin, method"
_CORS_FR = {"origin": "origine non autorisée (à ajouter à PACTE_CORS_ORIGINS)",
            "method": "méthode non autorisée (GET ou POST)",
            "headers": "en-tête non autorisé (Content-Type, Accept, Accept-Language, "
                       "Content-Language seulement)",
            "private-network": "accès au réseau privé non autorisé"}


class FrenchCORSMiddleware(CORSMiddleware):
    """Starlette's CORS; a refused preflight says why in French, for the partner's
    developer reading the browser's network panel (the page itself only sees a failure)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        said = bytes(response.body).decode()
        if response.status_code != 400 or not said.startswith(_CORS_REFUSED):
            return response
        reasons = [_CORS_FR.get(w, w) for w in said.removeprefix(_CORS_REFUSED).split(", ")]
        headers = {k: v for k, v in response.headers.items()
                   if k not in ("content-length", "content-type")}
        return PlainTextResponse("Requête d'une autre origine refusée : " + " ; ".join(reasons),
                                 status_code=400, headers=headers)


class TokenBucket:
    """``burst`` tokens per key, refilled at ``rate_per_s``; one request takes one token."""

    def __init__(self, rate_per_s: float, burst: int,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self.rate, self.burst, self.clock = rate_per_s, max(1, burst), clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go; else the seconds until a token is back."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                if len(self._buckets) > self.max_keys:
                    self._forget_full(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        for key, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.rate >= self.burst:
                del self._buckets[key]


async def send_json(send: Send, status: int, body: dict[str, object],
                    headers: list[tuple[bytes, bytes]] | None = None) -> None:
    raw = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(raw)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": raw})


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, per_minute: float, burst: int, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics
        self.bucket = TokenBucket(per_minute / 60.0, burst) if per_minute > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or self.bucket is None or scope["method"] == "OPTIONS"
                or path == "/" or path.startswith(EXEMPT)):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.bucket.take(client[0] if client else "inconnu")
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        self.metrics.rate_limited.inc()
        await send_json(send, 429, {"detail": f"Trop de requêtes : réessayez dans {retry} s.",
                                    "retry_after": retry},
                        [(b"retry-after", str(retry).encode())])


class BodyLimitMiddleware:
    """413 for a body over ``max_bytes``, announced or not (chunked bodies are counted)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length", b"").decode("latin-1")
        if length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        messages: list[Message] = []
        size = 0
        while True:  # read the body first (at most max_bytes), then replay it
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send)
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        await send_json(send, 413, {"detail": f"Requête trop grande ({self.max_bytes} octets "
                                              "au plus)."})


class ObserveMiddleware:
    """Counts and times requests per route template; one log line each, without the query."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = [500]

        async def observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            route = getattr(scope.get("route"), "path", None) or "autre"
            took = time.perf_counter() - t0
            self.metrics.requests.labels(scope["method"], route, str(status[0])).inc()
            self.metrics.latency.labels(route).observe(took)
            log.info("%s %s %d %.1f ms", scope["method"], route, status[0], took * 1000)
