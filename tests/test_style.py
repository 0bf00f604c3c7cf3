"""The house style is seaborn's theme without seaborn in the kernel."""

import subprocess
import sys

import matplotlib
import numpy as np
from matplotlib.colors import to_rgba

from syriawar import style


def _settings_after(apply) -> dict:
    matplotlib.rcdefaults()
    apply()
    out = dict(matplotlib.rcParams)
    matplotlib.rcdefaults()
    return out


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return np.isclose(float(a), float(b))
    if isinstance(a, str) and isinstance(b, str):
        try:
            return to_rgba(a) == to_rgba(b)
        except ValueError:
            return a == b
    return str(a) == str(b)


def test_the_theme_is_seaborn_whitegrid_in_the_paper_context_with_our_palette_and_sizes():
    import seaborn as sns

    ours = _settings_after(style.apply)
    seaborns = _settings_after(lambda: (sns.set_theme(context="paper", style="whitegrid",
                                                      palette=list(style.OKABE_ITO.values())), style.apply()))
    assert ours.keys() == seaborns.keys()
    different = [k for k in ours if k != "axes.prop_cycle" and not _same(ours[k], seaborns[k])]
    assert different == []
    # seaborn settings the house style overrides are still seaborn's where it does not
    bare = _settings_after(lambda: sns.set_theme(context="paper", style="whitegrid"))
    for key, value in style.SEABORN_WHITEGRID_PAPER.items():
        assert _same(value, bare[key]), key
    assert [to_rgba(c["color"]) for c in ours["axes.prop_cycle"]] == [to_rgba(c) for c in style.OKABE_ITO.values()]


def test_rocket_is_seaborns_rocket():
    import seaborn as sns

    style.register_colormaps()
    ours = matplotlib.colormaps["rocket_r"]
    assert np.allclose(ours(np.linspace(0, 1, 256)), sns.color_palette("rocket_r", as_cmap=True)(np.linspace(0, 1, 256)))


def test_a_kernel_drawing_a_report_never_imports_seaborn_or_scipy():
    code = ("import sys, matplotlib; matplotlib.use('Agg')\n"
            "from syriawar.figures import casualties, foreign, governorate, brief\n"
            "from syriawar import charts, maps, notebook, explorer\n"
            "import pandas as pd\n"
            "charts.heatmap(pd.DataFrame({pd.Timestamp('2016-01-01'): [1.0, None]}, index=['Aleppo', 'Idleb']), 't')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('seaborn', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
