"""Download the official zips with a progress bar, and check they are what we expect."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlparse

import requests
from tqdm import tqdm

from model.data.storage import atomic_write
from model.errors import DataError


class DownloadError(Exception):
    """A download that could not be done, with the reason in plain words."""


def fetch(url: str, directory: str | Path, timeout: float = 10.0) -> Path:
    """Download `url` into `directory` (atomically), showing progress; return the file."""
    name = Path(urlparse(url).path).name or "download.zip"
    target = Path(directory) / name
    try:
        response = requests.get(url, stream=True, timeout=(5.0, timeout))
        response.raise_for_status()
    except requests.exceptions.ConnectionError as exc:
        raise DownloadError(f"cannot reach {urlparse(url).netloc}: no network connection or the "
                            f"host is unreachable ({type(exc).__name__})") from None
    except requests.exceptions.Timeout:
        raise DownloadError(f"{urlparse(url).netloc} did not answer in time") from None
    except requests.exceptions.HTTPError as exc:
        raise DownloadError(f"{url} answered {exc.response.status_code}") from None
    except requests.exceptions.RequestException as exc:
        raise DownloadError(f"cannot download {url}: {exc}") from None
    total = int(response.headers.get("content-length", 0)) or None

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh, tqdm(total=total, unit="B", unit_scale=True,
                                         desc=name, mininterval=0.5) as bar:
            try:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    fh.write(chunk)
                    bar.update(len(chunk))
            except requests.exceptions.RequestException as exc:
                raise DownloadError(f"the download of {name} was interrupted ({exc})") from None
        if total is not None and tmp.stat().st_size != total:
            raise DownloadError(f"{name} is incomplete: {tmp.stat().st_size} of {total} bytes")
        verify_zip(tmp, name)

    return atomic_write(target, write)


def verify_zip(path: Path, name: str | None = None) -> None:
    """Check a zip's integrity (CRCs) and that it holds a CSV."""
    label = name or path.name
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            csvs = [n for n in zf.namelist() if n.lower().endswith(".csv")]
    except zipfile.BadZipFile as exc:
        raise DataError(f"not a valid zip file ({exc})", file=label) from None
    if bad:
        raise DataError(f"corrupt member {bad}", file=label)
    if not csvs:
        raise DataError("the zip holds no CSV file", file=label)
