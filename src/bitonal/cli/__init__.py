"""The ``bitonal`` command line. One module per group of commands."""
