"""Dependencies, as ``Annotated`` aliases for the route signatures."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.feedback import FeedbackStore
from api.metrics import Metrics
from api.service import AskService
from api.state import AppState
from indexer.search import Retriever
from indexer.settings import Settings


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.pacte
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def _unavailable(state: AppState) -> HTTPException:
    return HTTPException(503, state.error or "Le service démarre : réessayez dans un instant.")


def get_settings_dep(state: StateDep) -> Settings:
    return state.settings


def get_retriever(state: StateDep) -> Retriever:
    if state.retriever is None:
        raise _unavailable(state)
    return state.retriever


def get_service(state: StateDep) -> AskService:
    if state.service is None:
        raise _unavailable(state)
    return state.service


def get_feedback(state: StateDep) -> FeedbackStore:
    if state.feedback is None:
        raise _unavailable(state)
    return state.feedback


def get_metrics(state: StateDep) -> Metrics:
    return state.metrics


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RetrieverDep = Annotated[Retriever, Depends(get_retriever)]
ServiceDep = Annotated[AskService, Depends(get_service)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
