"""Turns policy clauses into vectors: the embedding model seam, its offline conversion, the Chroma index."""

import os

# No machine that runs this project reaches a model hub: never wait on one.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bars in answers
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
