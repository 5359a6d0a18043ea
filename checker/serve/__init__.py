"""`xxgk serve`: the web page and the API (FastAPI and uvicorn, the `serve` extra).

Nothing here is imported by the rest of the checker; command.py, which the CLI imports, imports
FastAPI only when the command runs, so that the CLI works without the extra."""
