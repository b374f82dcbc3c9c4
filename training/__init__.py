"""Training of the learned stage of ``auto`` (``make train``); not part of the run-time package."""
