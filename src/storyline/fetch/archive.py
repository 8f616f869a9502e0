"""Every fetched response, appended to a WARC file beside the store.

What storyline read from the web can then be shown later exactly as it was, and read again
offline: ``storyline ingest news.warc.gz`` reads the pages of the crawl with the same reader
as a downloaded crawl (``storyline.ingest.warc``) and gives the same articles. Each record is
its own gzip member, made in memory and appended with one unbuffered write before the next
request, so a run stopped at any moment (even killed) leaves every record it wrote whole and
readable; a later run appends after it (``storyline.fetch.recover`` reads what a stopped run
fetched from here).

The body is stored as it came over the wire (still compressed when the server compressed
it, with its ``Content-Encoding``); only the transfer framing (chunking) is gone, so the
``Transfer-Encoding`` header is dropped and ``Content-Length`` states the stored length.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import storyline

#: Response headers not written to the archive: they describe the framing on the wire,
#: which the archive does not keep.
_FRAMING = {"transfer-encoding", "content-length"}


def warc_path(store: str | Path) -> Path:
    """The archive of a store: ``news.duckdb`` keeps its crawl in ``news.warc.gz``."""
    return Path(store).with_suffix(".warc.gz")


class WarcArchive:
    """Appends ``response`` records to one ``.warc.gz`` file, opened for each record."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _info(self, writer: WARCWriter) -> None:
        info = {"software": f"storyline {storyline.__version__}", "format": "WARC/1.1"}
        writer.write_record(writer.create_warcinfo_record(self.path.name, info))

    def write(
        self, url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes
    ) -> None:
        """Append the response to ``url``: status line, headers, the body as received."""
        kept = [(k, v) for k, v in headers if k.lower() not in _FRAMING]
        kept.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists() or self.path.stat().st_size == 0
        buf = BytesIO()
        writer = WARCWriter(buf, gzip=True)
        if new:
            self._info(writer)
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
        writer.write_record(record)
        data = memoryview(buf.getvalue())
        with self.path.open("ab", buffering=0) as f:
            while data:  # one write for any record below 2 GiB; a kill cannot cut it
                data = data[f.write(data) :]
