"""Reading raw tabular files safely: csv, csv.gz and zip, with one clear error for each way they break.

Raw files are only ever opened for reading. Every error names the file and what was expected.
"""

from __future__ import annotations

import csv
import gzip
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

import pandas as pd

from .errors import DataError

DELIMITERS = [",", ";", "\t", "|"]
# A zip member (or a gzip file) may expand to at most this many times its compressed size once it is larger than
# ZIP_RATIO_FLOOR, and to ZIP_MAX_TOTAL in all: a small file that expands a thousandfold is refused, not read.
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = 50 * 2**20
ZIP_MAX_TOTAL = 4 * 2**30
GZIP_CHUNK = 64 * 2**20


def _check_zip_members(path: Path, zf: zipfile.ZipFile) -> None:
    total = 0
    for info in zf.infolist():
        name = PurePosixPath(info.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or re.match(r"^[A-Za-z]:", info.filename):
            raise DataError(f"{path}: zip member {info.filename!r} climbs out of the target folder; refusing the archive")
        total += info.file_size
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise DataError(
                f"{path}: zip member {info.filename!r} expands to {info.file_size:,} bytes from {info.compress_size:,} "
                f"(more than {ZIP_MAX_RATIO}x); refusing a possible zip bomb"
            )
    if total > ZIP_MAX_TOTAL:
        raise DataError(f"{path}: zip expands to {total:,} bytes, more than the {ZIP_MAX_TOTAL:,} allowed")


def _read_gzip(path: Path) -> bytes:
    """The expanded bytes of a .gz file, read in chunks and stopped as soon as they pass the limit (the gzip header's
    size field cannot be trusted: it is written by whoever made the file)."""
    packed = path.stat().st_size
    limit = min(max(ZIP_RATIO_FLOOR, ZIP_MAX_RATIO * packed), ZIP_MAX_TOTAL)
    chunks, total = [], 0
    with gzip.open(path, "rb") as fh:
        while chunk := fh.read(GZIP_CHUNK):
            total += len(chunk)
            if total > limit:
                raise DataError(f"{path}: the gzip file expands to more than {limit:,} bytes from {packed:,} (more "
                                f"than {ZIP_MAX_RATIO}x beyond {ZIP_RATIO_FLOOR // 2**20} MB, or over "
                                f"{ZIP_MAX_TOTAL // 2**30} GB); refusing a possible decompression bomb")
            chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_bytes(path: Path, member_pattern: str | None = None) -> tuple[bytes, str]:
    """The raw bytes of a csv, a csv.gz or one member of a zip, and a label naming what was read."""
    path = Path(path)
    try:
        if path.suffix == ".gz":
            try:
                return _read_gzip(path), str(path)
            except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
                raise DataError(f"{path}: the gzip stream is truncated or corrupt ({exc}); expected a complete .gz file") from exc
        if path.suffix == ".zip":
            try:
                zf = zipfile.ZipFile(path)
            except zipfile.BadZipFile as exc:
                raise DataError(f"{path}: not a readable zip archive ({exc})") from exc
            with zf:
                _check_zip_members(path, zf)
                names = [n for n in zf.namelist() if not n.endswith("/")]
                pattern = re.compile(member_pattern or r".*\.csv$", re.IGNORECASE)
                matches = [n for n in names if pattern.search(PurePosixPath(n).name)]
                if not matches:
                    raise DataError(
                        f"{path}: no member matching {pattern.pattern!r} in the zip (it holds: {', '.join(names) or 'nothing'})"
                    )
                member = sorted(matches, key=len)[0]
                try:
                    return zf.read(member), f"{path}!{member}"
                except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                    raise DataError(f"{path}!{member}: corrupt zip member ({exc})") from exc
        return path.read_bytes(), str(path)
    except FileNotFoundError as exc:
        raise DataError(f"{path}: file not found") from exc


def decode_text(data: bytes, label: str) -> str:
    """UTF-8 text (a BOM is accepted and dropped); other encodings are refused with the line and byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{label}: bytes that are not UTF-8 at line {line} (byte {exc.start}: {data[exc.start:exc.start + 4]!r}); "
            "expected a UTF-8 text file"
        ) from exc


def sniff_delimiter(header: str, label: str) -> str:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise DataError(
            f"{label}: cannot tell the delimiter from the header line {header[:80]!r}; "
            "expected columns separated by ',' or ';' (or tab)"
        )
    return best


def read_csv_text(
    path: Path,
    required: list[str],
    member_pattern: str | None = None,
    optional: list[str] | None = None,
    sep: str | None = None,
) -> tuple[pd.DataFrame, str]:
    """Read a delimited file into a DataFrame of strings, by column name.

    Checks: not empty, a header, a known delimiter, every ``required`` column present, at least one data row.
    Returns the frame (columns = required + present optional) and a label for messages.
    The frame's index is the 1-based line number of each row in the file (header = line 1).
    """
    data, label = read_bytes(path, member_pattern)
    if not data.strip():
        raise DataError(f"{label}: the file is empty; expected a header line and data rows")
    try:
        header = data.split(b"\n", 1)[0].decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError:
        decode_text(data, label)  # raises the error naming the line and byte
        raise
    sep = sep or sniff_delimiter(header, label)
    # pandas names an empty header cell "Unnamed: <position>"; name it the same way here
    columns = [c.strip() or f"Unnamed: {i}" for i, c in enumerate(next(csv.reader([header], delimiter=sep)))]
    missing = [c for c in required if c not in columns]
    if missing:
        raise DataError(
            f"{label}: missing required column(s) {', '.join(missing)}; found columns: {', '.join(columns[:60])}"
        )
    wanted = list(dict.fromkeys(required + [c for c in (optional or []) if c in columns]))
    frame = _parse_text(data, sep, columns, wanted, label)
    if frame.empty:
        raise DataError(f"{label}: the file has a header but no data rows")
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="line")
    return frame[wanted], label


def _parse_text(data: bytes, sep: str, columns: list[str], wanted: list[str], label: str) -> pd.DataFrame:
    """The ``wanted`` columns as text (empty = missing), parsed by Arrow's multithreaded CSV reader: several
    times faster than pandas' on large files, and a value never turns into a number or date here."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    read = pacsv.ReadOptions(column_names=columns, skip_rows=1, use_threads=True)
    parse = pacsv.ParseOptions(delimiter=sep, newlines_in_values=True)
    convert = pacsv.ConvertOptions(include_columns=wanted, column_types={c: pa.string() for c in wanted},
                                   null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True)
    try:
        table = pacsv.read_csv(pa.BufferReader(data.removeprefix(b"\xef\xbb\xbf")), read_options=read,
                               parse_options=parse, convert_options=convert)
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "utf8" in str(exc).lower():
            decode_text(data, label)  # raises the error naming the line and byte
        raise DataError(f"{label}: cannot parse as '{sep}'-separated text ({exc})") from exc
    return table.to_pandas()


def to_number(frame: pd.DataFrame, column: str, label: str, integer: bool = False, required: bool = True) -> pd.Series:
    """Convert a text column to numbers; a value that is not a number is an error naming its line."""
    raw = frame[column]
    num = _fast_numbers(raw)
    if num is None:
        num = pd.to_numeric(raw, errors="coerce")
    bad = num.isna() & raw.notna() & (raw.astype("string").str.strip() != "")
    if bad.any():
        line = bad.idxmax()
        raise DataError(
            f"{label}: column {column!r} has {int(bad.sum())} value(s) that are not numbers, "
            f"first at line {line}: {raw.loc[line]!r}"
        )
    if required and num.isna().any():
        line = num.isna().idxmax()
        raise DataError(f"{label}: column {column!r} is empty at line {line} ({int(num.isna().sum())} rows); expected a number")
    if integer:
        # a count or an id with a fractional part is an error, not something to round in silence
        fractional = num.notna() & (num != num.round())
        if fractional.any():
            line = fractional.idxmax()
            raise DataError(f"{label}: column {column!r} has {int(fractional.sum())} value(s) that are not whole numbers, "
                            f"first at line {line}: {raw.loc[line]!r}; expected a whole number")
        return num.round().astype("Int64")
    return num.astype("float64")


def _fast_numbers(raw: pd.Series) -> pd.Series | None:
    """Arrow's cast of a text column to numbers when every value is a plain number, else None (then pandas
    finds the value that is not one, for the error)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(raw, type=pa.string(), from_pandas=True)
        return pd.Series(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), index=raw.index)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None


def to_date(frame: pd.DataFrame, column: str, label: str, dayfirst: bool = False, fmt: str | None = None) -> pd.Series:
    """Convert a text column to dates; a value that is not a date is an error naming its line."""
    raw = frame[column]
    parsed = pd.to_datetime(raw, errors="coerce", dayfirst=dayfirst, format=fmt)
    bad = parsed.isna() & raw.notna()
    if bad.any():
        line = bad.idxmax()
        raise DataError(
            f"{label}: column {column!r} has {int(bad.sum())} value(s) that are not dates, first at line {line}: "
            f"{raw.loc[line]!r}; expected {'day-month-year' if dayfirst else 'YYYY-MM-DD'}"
        )
    return parsed
