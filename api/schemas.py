"""Request and response bodies, with French examples for the OpenAPI docs (``/docs``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from indexer.search import SearchResult

MAX_CHARS = 1000
Text = Annotated[str, StringConstraints(max_length=MAX_CHARS)]


def _not_blank(value: str) -> str:
    if not any(ch.isprintable() and not ch.isspace() for ch in value):  # "\x00" is blank too
        raise ValueError("le texte est vide : écrivez une question ou des mots-clés")
    return value


class Strict(BaseModel):
    # strict: JSON true is not the integer 1, nor "yes" a boolean
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, strict=True)


class SearchFilters(Strict):
    doc_ids: list[Annotated[str, StringConstraints(max_length=200)]] | None = Field(
        None, max_length=50, examples=[["pacte-2015-aurore"]])
    editions: list[Literal["2015-2020", "acte2-2021-2026"]] | None = Field(
        None, examples=[["acte2-2021-2026"]])
    kinds: list[Literal["text", "commitment"]] | None = Field(None, examples=[["commitment"]])


class SearchRequest(Strict):
    query: Text = Field(description="Question ou mots-clés, en français ou en anglais.",
                        examples=["quels engagements concernent l'accès aux droits ?"])
    k: int = Field(5, ge=1, le=50, description="Nombre de passages.")
    filters: SearchFilters | None = None

    _check = field_validator("query")(_not_blank)


class SearchResponse(BaseModel):
    query: str
    corrected_query: str | None = Field(
        None, description="La requête telle que cherchée, quand un mot mal orthographié y a "
                          "été corrigé (« budjet » → « budget »).")
    results: list[SearchResult]  # the retriever's own result type: one definition
    took_ms: float


class HistoryTurn(Strict):
    role: Literal["user", "assistant"]
    content: Annotated[str, StringConstraints(max_length=4 * MAX_CHARS)]


class AskRequest(Strict):
    question: Text = Field(description="La question, en français ou en anglais (1 000 "
                           "caractères au plus).", examples=["Qui a signé le pacte en 2015 ?"])
    history: list[HistoryTurn] = Field(
        default_factory=list, max_length=20,
        description="Les tours précédents, pour les questions de suivi (le serveur ne garde "
                    "rien). Le corps entier de la requête ne dépasse pas 64 Kio (sinon 413) : "
                    "le widget envoie les 10 derniers messages, moins s'ils sont longs.",
        examples=[[{"role": "user", "content": "Combien d'engagements compte le pacte ?"},
                   {"role": "assistant", "content": "« … présente 106 engagements. » [1]"}]])
    stream: bool = Field(False, description="Réponse en flux d'événements (text/event-stream).")

    _check = field_validator("question")(_not_blank)


class CitationOut(BaseModel):
    n: int = Field(description="Numéro du renvoi [n] dans la réponse.")
    chunk_id: str
    doc_id: str
    title: str
    publisher: str = Field(description="Éditeur ou auteur du document.")
    date: str = Field(description="Date du document (AAAA-MM-JJ), vide si inconnue.")
    url: str
    section: str
    page: int | None
    ocr: bool = Field(False, description="La citation vient d'une page scannée, lue par "
                                         "reconnaissance de caractères (OCR) : elle peut "
                                         "contenir des erreurs de lecture.")
    quote: str = Field(description="La ou les phrases citées, mot pour mot.")
    text: str = Field(description="Le passage entier.")
    start: int = Field(description="Début de la citation dans le texte du document.")
    end: int = Field(description="Fin de la citation dans le texte du document.")


class AskResponse(BaseModel):
    answer: str = Field(examples=["D'après les textes du pacte :\n« Le Pacte a été signé par "
                                  "13 grandes institutions (…) et présente 106 engagements. » [1]"])
    citations: list[CitationOut]
    grounded: bool = Field(description="Faux quand les documents ne répondent pas à la question "
                                       "(ou que le message n'en est pas une : « bonjour », "
                                       "« merci », qui reçoivent une courte réponse, sans "
                                       "suggestions).")
    answer_id: str
    took_ms: float
    suggestions: list[CitationOut] = Field(
        description="Les 3 passages les plus proches quand grounded est faux (aucun pour "
                    "« bonjour », « merci »…), sinon vide.")


class FeedbackRequest(Strict):
    answer_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = Field(
        examples=["3f2b9c0e6d1a4e5f8a7b6c5d4e3f2a1b"])
    rating: Literal["up", "down"]
    reason: Text | None = Field(None, examples=["La citation ne répond pas à la question."])


class FeedbackResponse(BaseModel):
    ok: bool = True


class ErrorOut(BaseModel):
    detail: str = Field(examples=["La question est vide : écrivez une question."])


class RateLimitedOut(ErrorOut):
    retry_after: int = Field(description="Secondes à attendre.")


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    publisher: str
    date: str
    url: str
    edition: str
    language: str
    chars: int
    chunks: int


class PassageRef(BaseModel):
    chunk_id: str
    kind: str
    section: str
    start: int
    end: int
    page: int | None


class DocumentDetail(DocumentOut):
    text: str
    passages: list[PassageRef]


class ChunkOut(PassageRef):
    doc_id: str
    title: str
    url: str
    edition: str
    text: str
    previous: str | None = Field(description="Passage précédent du document.")
    next: str | None = Field(description="Passage suivant du document.")


class Commitment(BaseModel):
    rank: int
    chunk_id: str
    doc_id: str
    title: str
    edition: str
    section: str
    text: str
    score: float
    start: int
    end: int
    publisher: str
    date: str
    url: str


class CommitmentsOut(BaseModel):
    q: str | None
    edition: str | None
    results: list[Commitment]
    facets: dict[str, dict[str, int]] = Field(
        description="Nombre d'engagements par édition et par section (sans le filtre "
                    "d'édition).",
        examples=[{"edition": {"2015-2020": 5, "acte2-2021-2026": 4},
                   "section": {"Les engagements du pacte": 5}}])


class HealthOut(BaseModel):
    status: Literal["ok", "indisponible"]
    ready: bool
    detail: str | None = None
    index: dict[str, object] | None = None
    llm: bool = False
