"""The static demo page (``index.html``), served at ``/``."""
