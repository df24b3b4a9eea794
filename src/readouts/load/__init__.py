"""Loading: files, folders, stdin, HTML and sidecars -> Document.

``iter_documents(paths)`` yields, in input order, either a ``Document`` or a
``LoadError`` for each input: a document that cannot be read is reported with
its reason and never stops the batch.
"""

from readouts.load.files import RawInput, discover, iter_documents, load_bytes, load_path, read_input

__all__ = ["RawInput", "discover", "iter_documents", "load_bytes", "load_path", "read_input"]
