"""The pacte API: FastAPI app (``api.main.create_app``), cited answers, generative mode.

Start it with ``pacte serve``; ``pacte ask "…"`` answers from the terminal.
"""
