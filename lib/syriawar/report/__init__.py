"""Batch reports: run notebooks with papermill in parallel, render HTML and PDF, write an index.

- ``batch``: batch files and the pre-flight check of each report's parameters;
- ``runner``: worker processes, ``reports/<run-id>/`` and the ``latest`` link;
- ``forkkernel``, ``kernels``: kernels forked from a warm parent, over IPC sockets;
- ``render``: HTML (nbconvert template) and PDF: ``chromium`` prints it, or WeasyPrint (``pdffigures``) without one.
"""
