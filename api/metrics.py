"""Prometheus metrics of one app (its own registry: several apps can live in one process).

>>> m = Metrics()
>>> m.answers.labels(mode="plain", grounded="true").inc()
>>> b"pacte_answers_total" in m.render()
True
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("pacte_http_requests_total", "Requêtes HTTP",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram(
            "pacte_http_request_seconds", "Durée des requêtes HTTP", ["route"], registry=r,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10))
        self.answers = Counter("pacte_answers_total", "Réponses de /ask",
                               ["mode", "grounded"], registry=r)
        self.llm_fallbacks = Counter("pacte_llm_fallbacks_total",
                                     "Repli sur la réponse extractive", ["reason"], registry=r)
        self.llm_dropped = Counter("pacte_llm_dropped_sentences_total",
                                   "Phrases générées écartées (non justifiées)", registry=r)
        self.rate_limited = Counter("pacte_rate_limited_total", "Requêtes refusées (429)",
                                    registry=r)
        self.feedback = Counter("pacte_feedback_total", "Avis reçus", ["rating"], registry=r)
        self.index_chunks = Gauge("pacte_index_chunks", "Passages dans l'index", registry=r)

    def render(self) -> bytes:
        return generate_latest(self.registry)
