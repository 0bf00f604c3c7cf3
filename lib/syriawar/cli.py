"""Command line: ``syriawar data status``, ``syriawar data fetch``, ``syriawar report``."""

from __future__ import annotations

import argparse
import sys

from .errors import WorkbookError


def _data_status(args: argparse.Namespace) -> int:
    import shutil

    from .status import compact_text, data_status, json_text, wide_text

    table = data_status(load=not args.no_load)
    shown = table if args.paths or args.json else table.drop(columns=["path"])
    if args.json:
        print(json_text(shown))
    elif args.wide or args.paths:  # a full path does not fit a terminal's line
        print(wide_text(shown))
    else:
        print(compact_text(shown, max(shutil.get_terminal_size((100, 24)).columns, 60)))
    from .catalog import sources

    optional = [name for name, src in sources().items() if src.optional]
    bad = table[table["note"].str.startswith(("ERROR", "REFUSED")) | ((table["found"] == "missing") & ~table["source"].isin(optional))]
    return 1 if len(bad) else 0


def _data_fetch(args: argparse.Namespace) -> int:
    from .fetch import fetch

    if args.acled:
        from .acled_api import fetch_acled

        path = fetch_acled()
        print(f"acled_syria: {path.stat().st_size / 2**20:,.1f} MB of ACLED events from ACLED's API in {path}")
        if not args.sources and not args.ucdp_api:
            return 0
    if args.ucdp_api:
        from .ucdp_api import fetch_api

        path = fetch_api(args.ucdp_api)
        print(f"ucdp_ged_global: {path.stat().st_size / 2**20:,.1f} MB of Syrian events from UCDP's API in {path}")
        if not args.sources:
            return 0
    results = fetch(args.sources or None, progress=not args.quiet, force=args.force)
    for r in results:
        print(r.line())
    return 1 if any(r.status in ("unreachable", "refused", "missing") for r in results) else 0


def _report(args: argparse.Namespace) -> int:
    from .report.command import run_from_cli

    return run_from_cli(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="syriawar", description="Syrian civil war analysis workbook")
    sub = parser.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="the data catalog")
    dsub = data.add_subparsers(dest="data_command", required=True)
    st = dsub.add_parser("status", help="where each source was found, its checksum, rows, coverage and licence")
    st.add_argument("--no-load", action="store_true", help="only look for files; do not build the tables")
    st.add_argument("--paths", action="store_true", help="show the full path of each file (every column in full, as --wide)")
    form = st.add_mutually_exclusive_group()
    form.add_argument("--wide", action="store_true", help="every column in full, however wide (default: fit the terminal)")
    form.add_argument("--json", action="store_true", help="every column in full as JSON, paths included")
    st.set_defaults(func=_data_status)
    fe = dsub.add_parser("fetch", help="download sources with an official address into data/raw/ (all, or those named)")
    fe.add_argument("sources", nargs="*", help="catalog names, e.g. ucdp_ged_global ucdp_ged_candidate")
    fe.add_argument("--quiet", action="store_true", help="no progress bars")
    fe.add_argument("--force", action="store_true", help="fetch into data/raw even what a mirror folder holds")
    fe.add_argument("--ucdp-api", metavar="VERSION", default=None,
                    help="fetch Syria's GED events from UCDP's API instead (e.g. 25.1; needs UCDP_API_TOKEN)")
    fe.add_argument("--acled", action="store_true",
                    help="fetch Syria's ACLED events with your ACLED account (ACLED_EMAIL, ACLED_PASSWORD)")
    fe.set_defaults(func=_data_fetch)

    rep = sub.add_parser("report", help="run notebooks with papermill and render HTML and PDF reports")
    rep.add_argument("--batch", default=None, help="batch YAML file (default reports/batch.yml)")
    rep.add_argument("--notebook", "-n", action="append", default=None,
                     help="run only this notebook (name in notebooks/, without .ipynb); repeatable")
    rep.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                     help="override a parameter of the notebooks run (with --notebook)")
    rep.add_argument("--workers", type=int, default=None, help="parallel workers (default: CPU cores)")
    rep.add_argument("--out", default=None, help="reports folder (default reports/)")
    rep.add_argument("--no-pdf", action="store_true", help="skip PDF rendering")
    rep.add_argument("--executor", default="local", help="where reports run: local (a process pool, the default), "
                     "dask-local (a Dask LocalCluster here) or dask://HOST:PORT (a Dask scheduler); see README")
    rep.add_argument("--force", action="store_true", help="run every report, even those unchanged since an earlier "
                     "run (by default they are reused: their files linked into the new run)")
    rep.add_argument("--timeout", type=int, default=600, help="seconds a notebook may run")
    rep.set_defaults(func=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; a project error, an OS error or Ctrl-C ends in one line on stderr and a non-zero code."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return args.func(args)
    except WorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the checks before a run catch most; a disk that fills or a folder that changes later
        where = f" {exc.filename}:" if exc.filename else ""
        print(f"error:{where} {exc.strerror or exc}; free some space, or check that the folder exists and is "
              "writable, and run the command again", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before the command's own handling of interrupts begins (or after it ends)
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
