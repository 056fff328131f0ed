"""Sources: files and folders of scraped text, HTML pages and JSONL into raw documents."""

from onrecord.ingest.files import decode, discover, read_all, read_jsonl, read_path

__all__ = ["decode", "discover", "read_all", "read_jsonl", "read_path"]
