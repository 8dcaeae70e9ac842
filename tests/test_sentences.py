"""Sentence spans in this process and in the child process a cold ``pacte index`` uses."""

from pathlib import Path

from indexer import store
from indexer.build import build_from_documents, load_documents, spacy_child
from indexer.chunker import Chunker
from indexer.embed import HashEmbedder
from indexer.sentence_worker import SentenceWorker, close_workers, spacy_worker
from indexer.sentences import regex_sentences, spacy_sentences
from indexer.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def refuse(text: str) -> list[tuple[int, int]]:
    raise AssertionError(f"split in this process, not in the worker: {text[:40]!r}")


def test_regex_sentences_exact_spans():
    assert regex_sentences("Un. Deux !  Trois… quatre") == [(0, 3), (4, 10), (12, 18), (19, 25)]


def test_french_sentences_keep_asides_quotations_and_paragraphs():
    split = spacy_sentences()

    def sentences(text: str) -> list[str]:
        return [text[a:b] for a, b in split(text)]

    # An aside between spaced dashes on one line is one sentence (spaCy cut it in three).
    aside = ("Depuis un an, l'Etat, la ville et les partenaires de la lutte contre l'exclusion"
             " - associations, entreprises et citoyens - ont participé à l'écriture du Pacte.")
    assert sentences(aside) == [aside]
    # Items of a dashed list, each on its own line, stay apart.
    items = "Quatre engagements :\n\n- Changer le regard ;\n\n- Garantir un accompagnement."
    assert sentences(items) == ["Quatre engagements :", "- Changer le regard ;",
                                "- Garantir un accompagnement."]
    # A quotation of two sentences is quoted whole, its quotation marks balanced.
    said = 'Elle a dit "il faut agir. Ce pacte engage tous les acteurs". Puis elle est partie.'
    assert sentences(said) == ['Elle a dit "il faut agir. Ce pacte engage tous les acteurs".',
                               "Puis elle est partie."]
    # A heading with no full stop, then its paragraph: two sentences; and an abbreviation
    # that ends a paragraph is not glued to the next one.
    assert sentences("Signature du Pacte\n\nLe pacte a été signé.") == [
        "Signature du Pacte", "Le pacte a été signé."]
    assert sentences("Logement, santé, emploi, etc.\n\nLe pacte a été signé.") == [
        "Logement, santé, emploi, etc.", "Le pacte a été signé."]
    # A line of a non-breaking space (common in text taken from HTML) is a blank line too.
    assert sentences("Signature du Pacte\n\u00a0\nLe pacte a été signé.") == [
        "Signature du Pacte", "Le pacte a été signé."]
    # A dash after a full stop starts a new sentence; a stray or unclosed mark, or inches,
    # never glue the rest of the paragraph together.
    assert sentences("Le pacte est signé. - Les associations participent aussi.") == [
        "Le pacte est signé.", "- Les associations participent aussi."]
    assert sentences('Un écran de 27" est fourni. La suite est ici. Encore une phrase.') == [
        'Un écran de 27" est fourni.', "La suite est ici.", "Encore une phrase."]
    assert sentences("Le pacte, dit « parisien , a été signé. Il compte 106 engagements.") == [
        "Le pacte, dit « parisien , a été signé.", "Il compte 106 engagements."]


def test_worker_gives_the_in_process_spans_of_the_corpus():
    docs, _ = load_documents([CORPUS], progress=False)
    texts = [t for d in docs for t in Chunker.sentence_texts(d)]
    assert len(texts) > 10
    texts += ["", "   \n "]  # blank: no sentence
    with SentenceWorker() as worker:
        worker.send(texts)
        split = worker.splitter(fallback=refuse)  # every text answered by the child
        assert [split(t) for t in texts] == [spacy_sentences()(t) for t in texts]
        assert split("") == []


def test_failed_worker_falls_back_and_unsent_worker_is_stopped():
    with SentenceWorker("pas_un_modele_spacy") as worker:
        worker.send(["Une phrase. Une autre."])
        assert worker.splitter(fallback=regex_sentences) is regex_sentences
    worker = SentenceWorker()
    worker.close()  # never sent anything (every chunk was cached): killed, not waited for
    assert worker._proc.returncode is not None


def test_build_with_worker_equals_build_in_process(tmp_path: Path):
    close_workers()  # "b" below splits in this process: no child of an earlier build left
    docs, _ = load_documents([CORPUS], progress=False)
    rows = []
    for name, worker in (("a", SentenceWorker()), ("b", None)):
        s = Settings(data_dir=tmp_path / name, chunk_tokens=120)
        try:
            build_from_documents(docs, s, HashEmbedder(), progress=False, worker=worker)
        finally:
            if worker is not None:
                worker.close()
        rows.append(store.read_jsonl(s.index_path / store.CHUNKS))
    assert rows[0] == rows[1] and len(rows[0]) > 10


def test_a_worker_only_when_spacy_and_the_model_both_remain_to_load():
    close_workers()
    assert spacy_sentences()("Une phrase.") == [(0, 11)]  # spaCy now loaded in this process
    assert spacy_child(Settings(), None) is None
    assert spacy_child(Settings(spacy_model="pas_un_modele_spacy"), HashEmbedder()) is None
    worker = spacy_child(Settings(spacy_model="pas_un_modele_spacy"), None)
    assert isinstance(worker, SentenceWorker)
    worker.close()


def test_the_process_worker_serves_later_batches_and_later_builds():
    close_workers()
    worker = spacy_worker("fr_core_news_sm", start=True)
    assert worker is not None and spacy_worker("fr_core_news_sm", start=False) is worker
    for text in ("Un pacte. Deux actes.", "M. Dupont signe. Il part."):
        worker.send([text])
        assert worker.splitter(fallback=refuse)(text) == spacy_sentences()(text)
    assert spacy_child(Settings(), HashEmbedder()) is worker  # reused, though warm
    close_workers()
    assert not worker.alive and spacy_worker("fr_core_news_sm", start=False) is None
