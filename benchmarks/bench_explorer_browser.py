"""Benchmark: the explore notebook in a real browser (JupyterLab, Debian's Chromium, Playwright), on the GED Syria
release and on a GED-format file about 25 times larger that this script writes into a project copy of its own.

For each data set it prints: Run All to first figures (Run All clicked until the timeline image has loaded, with
the events table already cached, as on every opening after the first), then over 32 control changes mixing the
estimate, governorates and months, the time from the change until the new timeline image has loaded in the page
(median, p90, max), and the image's drawn width against its shown width times the device pixel ratio. Asserts
nothing.

    .venv/bin/python benchmarks/bench_explorer_browser.py [--repeat 25] [--scale 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the browser helpers live with the tests, which share them; a benchmark may borrow from tests/, never the reverse
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from benchdata import each_data_set  # noqa: E402
from browserkit import chromium, jupyterlab, open_explorer, run_all  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GOVERNORATES = ["Idleb", "Aleppo", "Rural Damascus", "Dar'a"]
# (kind, value): estimate -> a toggle button; gov -> toggle one governorate in the list; from/to -> a month
CHANGES = [("estimate", "high"), ("gov", "Idleb"), ("from", "2017-01"), ("estimate", "low"), ("gov", "Aleppo"),
           ("to", "2018-06"), ("estimate", "best"), ("gov", "Idleb"), ("from", "2016-01"), ("to", "2019-11"),
           ("gov", "Rural Damascus"), ("estimate", "high"), ("from", "2016-06"), ("gov", "Aleppo"), ("to", "2017-12"),
           ("estimate", "best"), ("gov", "Rural Damascus"), ("from", "2016-01"), ("to", "2019-11"), ("gov", "Dar'a"),
           ("estimate", "low"), ("from", "2018-01"), ("gov", "Dar'a"), ("to", "2019-06"), ("estimate", "best"),
           ("from", "2016-01"), ("to", "2019-11"), ("gov", "Idleb"), ("estimate", "high"), ("gov", "Idleb"),
           ("estimate", "best"), ("from", "2016-03")]

CHANGE_JS = """async ([kind, value]) => {
    const box = document.querySelector('img.explore-timeline').closest('.widget-vbox');
    const names = ['timeline', 'heatmap', 'map'];
    const old = Object.fromEntries(names.map(n => [n, document.querySelector('img.explore-' + n)]));
    const t0 = performance.now();
    if (kind === 'estimate') {
        [...box.querySelectorAll('.widget-toggle-buttons button')].find(b => b.textContent.trim() === value).click();
    } else if (kind === 'gov') {
        const sel = [...box.querySelectorAll('.widget-select-multiple select')][0];
        const opt = [...sel.options].find(o => o.textContent.replace(/\u00a0/g, ' ').trim() === value);
        opt.selected = !opt.selected;
        sel.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
        const sel = [...box.querySelectorAll('.widget-dropdown select')][kind === 'from' ? 0 : 1];
        sel.value = [...sel.options].find(o => o.textContent.trim() === value).value;
        sel.dispatchEvent(new Event('change', {bubbles: true}));
    }
    const loaded = n => { const i = document.querySelector('img.explore-' + n);
                          return i && i !== old[n] && i.complete && i.naturalWidth > 0; };
    // the status line is set after the three charts: once it changed, a chart not replaced was drawn the same
    const status = () => [...box.querySelectorAll('small')].map(e => e.textContent).find(t => t.startsWith('updated in'));
    // the status says "updating..." while a view is drawn, then "updated in N ms": a change is done once the
    // status has left its old text and says "updated" again (N may well be the same as last time)
    const oldStatus = status();
    let left = false;
    const settled = n => { const i = document.querySelector('img.explore-' + n);
                           return i === old[n] || (i.complete && i.naturalWidth > 0); };
    let first = null;
    return await new Promise((resolve, reject) => {
        const until = t0 + 20000;
        const poll = () => {
            if (first === null && loaded('timeline')) first = performance.now() - t0;
            const now = status();
            left = left || now !== oldStatus;
            if (first !== null && left && now !== undefined && names.every(settled)) {
                resolve([first, performance.now() - t0]);
            } else if (performance.now() > until) {
                reject(new Error('no new timeline within 20 s for ' + kind + ' ' + value));
            } else {
                requestAnimationFrame(poll);
            }
        };
        poll();
    });
}"""

SIZE_JS = """() => { const i = document.querySelector('img.explore-timeline');
    return [i.naturalWidth, i.clientWidth, window.devicePixelRatio]; }"""


def measure(root: Path, tmp: Path, scale: float) -> dict:
    env = {"SYRIAWAR_ROOT": str(root), "SYRIAWAR_CACHE_DIR": str(tmp / "cache")}
    os.environ.update(env)
    from syriawar import registry

    registry.events_dataset().load()  # the table cached, as after a first opening
    with jupyterlab(root, tmp, env) as (url, token), chromium(tmp) as browser:
        page = open_explorer(browser.new_context(device_scale_factor=scale), url, token)
        t0 = time.perf_counter()
        run_all(page)
        try:
            page.wait_for_function("() => { const i = document.querySelector('img.explore-timeline'); "
                                   "return i && i.complete && i.naturalWidth > 0; }", timeout=120_000)
        except Exception:
            page.screenshot(path=str(tmp / "run-all-failed.png"), full_page=True)
            shutil.copy(tmp / "run-all-failed.png", Path(tempfile.gettempdir()) / "explorer-run-all-failed.png")
            raise
        first = time.perf_counter() - t0
        page.wait_for_timeout(1500)  # let a resize redraw, if any, settle
        both = [page.evaluate(CHANGE_JS, list(change)) for change in CHANGES]
        times, all_three = [b[0] for b in both], [b[1] for b in both]
        natural, shown, ratio = page.evaluate(SIZE_JS)
    return {"first": first, "times": times, "all": all_three, "natural": natural, "shown": shown, "ratio": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--scale", type=float, default=1.0, help="the browser's device pixel ratio")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    with tempfile.TemporaryDirectory() as t:
        for name, root, work in each_data_set(Path(t), args.repeat):
            rows.append((name, measure(root, work, args.scale)))
    print(f"explorer in Chromium (device pixel ratio {args.scale:g}), {len(CHANGES)} control changes each")
    print("change -> new image loaded: the timeline (sent first), and all three charts")
    print(f"{'events':<22} {'run all s':>9} {'median ms':>10} {'p90 ms':>7} {'max ms':>7} {'all 3 median':>13} "
          f"{'all 3 max':>10} {'image px':>9} {'shown px x dpr':>15}")
    for name, m in rows:
        ts = sorted(m["times"])
        p90 = ts[int(0.9 * (len(ts) - 1))]
        print(f"{name:<22} {m['first']:>9.1f} {statistics.median(ts):>10.0f} {p90:>7.0f} {max(ts):>7.0f} "
              f"{statistics.median(m['all']):>13.0f} {max(m['all']):>10.0f} {m['natural']:>9} {m['shown'] * m['ratio']:>15.0f}")


if __name__ == "__main__":
    main()
