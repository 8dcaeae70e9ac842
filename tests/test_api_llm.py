"""Generative mode against a small OpenAI-protocol server that the test starts on 127.0.0.1.

The server streams chat completions (server-sent events, like vLLM, llama.cpp or Ollama);
what it writes depends on the model name asked for: a faithful answer with one invented
sentence, a slow answer, or nothing supported at all.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from indexer.embed_model import SentenceTransformerEmbedder
from indexer.settings import Settings

pytestmark = pytest.mark.model

INVENTED = "Le pacte offre aussi des vols gratuits vers la Lune aux signataires"
QUESTION = "Qui a signé le pacte ?"


def reply_for(model: str, prompt: str) -> str:
    m = re.search(r"\[(\d+)\][^\[]*?13 grandes institutions", prompt, re.S)
    n = m.group(1) if m else "1"
    if model == "muet":
        return f"{INVENTED} [{n}]. La réponse est ailleurs."
    return (f"Le Pacte a été signé par 13 grandes institutions, dont la Ville de Paris [{n}]. "
            f"{INVENTED} [{n}]. Il présente 106 engagements [{n}].")


class FakeOpenAI(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                    "body": body})
        if body["model"] == "lent":
            time.sleep(3)
        text = reply_for(body["model"], body["messages"][-1]["content"])
        if body["model"] == "coupe":  # the connection breaks after the first sentence
            text = text[:text.index("].") + 6]
        events = b"".join(
            b"data: " + json.dumps({"choices": [{"index": 0, "delta": {
                "content": text[i:i + 7]}}]}).encode() + b"\n\n"
            for i in range(0, len(text), 7))  # small pieces, cut anywhere
        if body["model"] != "coupe":
            events += b"data: [DONE]\n\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        # A "coupe" body announces more than it sends: the client sees a broken stream.
        self.send_header("Content-Length", str(len(events) + 1000 * (body["model"] == "coupe")))
        self.end_headers()
        self.wfile.write(events)
        self.wfile.flush()


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def client_for(settings: Settings, embedder: SentenceTransformerEmbedder, **llm: Any
               ) -> TestClient:
    s = settings.model_copy(update={f"llm_{k}": v for k, v in llm.items()})
    return TestClient(create_app(s, embedder=embedder))


def events(text: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_generated_answer_drops_the_unsupported_sentence(
        api_settings: Settings, real_embedder: SentenceTransformerEmbedder, llm_url: str):
    FakeOpenAI.requests.clear()
    with client_for(api_settings, real_embedder, base_url=llm_url, model="fidele",
                    api_key="cle-secrete") as client:
        assert client.get("/health").json()["llm"] is True
        body = client.post("/ask", json={"question": QUESTION}).json()
        n = re.search(r"\[(\d+)\]", body["answer"]).group(1)  # type: ignore[union-attr]
        assert body["answer"] == (
            f"Le Pacte a été signé par 13 grandes institutions, dont la Ville de Paris [{n}]. "
            f"Il présente 106 engagements [{n}].")
        assert body["grounded"] is True and INVENTED not in body["answer"]
        cited = body["citations"][int(n) - 1]
        assert cited["n"] == int(n) and "13 grandes institutions" in cited["text"]
        metrics = client.get("/metrics").text
        assert "pacte_llm_dropped_sentences_total 1.0" in metrics
    sent = FakeOpenAI.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer cle-secrete"
    assert sent["body"]["stream"] is True
    assert "[1]" in sent["body"]["messages"][0]["content"]  # asks for [n] citations, in French
    assert sent["body"]["messages"][-1]["content"].endswith(f"Question : {QUESTION}")


def test_generated_answer_streams_checked_sentences(
        api_settings: Settings, real_embedder: SentenceTransformerEmbedder, llm_url: str):
    with client_for(api_settings, real_embedder, base_url=llm_url, model="fidele") as client:
        r = client.post("/ask", json={"question": QUESTION, "stream": True})
    ev = events(r.text)
    assert [name for name, _ in ev] == ["citations", "delta", "delta", "done"]
    deltas = [d["text"] for name, d in ev if name == "delta"]
    assert deltas[0].startswith("Le Pacte a été signé") and deltas[1].startswith(" Il présente")
    assert "".join(deltas) == ev[-1][1]["answer"]


def test_generated_answer_opens_with_the_notes(
        api_settings: Settings, real_embedder: SentenceTransformerEmbedder, llm_url: str):
    with client_for(api_settings, real_embedder, base_url=llm_url, model="fidele") as client:
        body = client.post("/ask", json={"question": "Qui a signé le pactte ?"}).json()
    assert body["answer"].startswith(
        "Mot corrigé\xa0: «\xa0pactte\xa0» → «\xa0pacte\xa0».\nLe Pacte a été signé par 13")


@pytest.mark.parametrize(("model", "timeout", "note"), [
    ("lent", 1.0, "(Le service de génération ne répond pas\xa0: voici une réponse extraite "
                  "directement des textes.)"),
    ("muet", 20.0, "(La réponse générée n'a pas pu être vérifiée dans les textes\xa0: voici une "
                   "réponse extraite directement des textes.)"),
])
def test_slow_or_unsupported_generation_falls_back(
        api_settings: Settings, real_embedder: SentenceTransformerEmbedder, llm_url: str,
        model: str, timeout: float, note: str):
    with client_for(api_settings, real_embedder, base_url=llm_url, model=model,
                    timeout_s=timeout) as client:
        body = client.post("/ask", json={"question": QUESTION}).json()
    assert body["answer"].startswith(note + "\nD'après les textes du pacte\xa0:\n«\xa0")
    assert INVENTED not in body["answer"]


def test_endpoint_down_falls_back_in_the_stream(api_settings: Settings,
                                                real_embedder: SentenceTransformerEmbedder):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with client_for(api_settings, real_embedder, base_url=f"http://127.0.0.1:{port}/v1",
                    model="x") as client:
        r = client.post("/ask", json={"question": QUESTION, "stream": True})
        ev = events(r.text)
        assert ev[0][0] == "citations" and ev[-1][0] == "done"
        assert ev[-1][1]["answer"].startswith("(Le service de génération ne répond pas")
        assert 'pacte_llm_fallbacks_total{reason="llm_fallback"} 1.0' in \
            client.get("/metrics").text
        # Out of scope: no generation at all, the abstention as in the extractive mode.
        body = client.post("/ask", json={"question": "Comment renouveler mon passeport ?"}).json()
        assert body["grounded"] is False
        assert body["answer"].startswith("Aucun passage des documents du pacte")


def test_generation_broken_midway(api_settings: Settings,
                                  real_embedder: SentenceTransformerEmbedder, llm_url: str):
    with client_for(api_settings, real_embedder, base_url=llm_url, model="coupe") as client:
        r = client.post("/ask", json={"question": QUESTION, "stream": True})
        ev = events(r.text)
        assert [name for name, _ in ev] == ["citations", "delta", "error"]
        assert ev[1][1]["text"].startswith("Le Pacte a été signé par 13 grandes institutions")
        assert ev[2][1] == {"message": "La génération s'est interrompue. Reposez la question."}
        # Without streaming nothing was sent yet: the extractive answer, with the note.
        body = client.post("/ask", json={"question": QUESTION}).json()
        assert body["answer"].startswith("(Le service de génération ne répond pas")
