"""pacte indexer: French pact texts → chunks → embeddings → an index folder → search().

The public entry points are :func:`indexer.build.build_index` and
:class:`indexer.search.Retriever` (whose ``search()`` is the one retrieval path
served by the CLI, the API and the eval).
"""

__version__ = "0.1.0"
