#!/usr/bin/python3
"""Draws a figure that `dramsweep plot` prepared (a JSON file of panels, series and fronts).

    python3 plot_figure.py FIGURE.json

`dramsweep plot` reads the results, applies --where, groups --color series and finds the Pareto
front (the same rule as `dramsweep pareto`); this only draws with matplotlib (Debian's
python3-matplotlib) and writes the PNG or SVG named in the file, complete or not at all.
"""
import json
import os
import sys

EXIT_MISSING_TOOL = 1


def draw(figure):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = figure["panels"]
    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.5), squeeze=False)
    for ax, panel in zip(axes[0], panels):
        categories = panel["categories"]

        def position(values):
            return [categories.index(v) for v in values] if categories is not None else values

        for series in panel["series"]:
            x, y = position(series["x"]), series["y"]
            if "colour" in series:
                drawn = ax.scatter(x, y, c=series["colour"], s=10, cmap="viridis")
                fig.colorbar(drawn, ax=ax, label=panel["colour_label"])
            elif figure["line"]:
                ax.plot(x, y, marker="o", markersize=4, label=series["label"])
            else:
                ax.scatter(x, y, s=10, alpha=0.6, label=series["label"])
        front = panel["front"]
        if front is not None:
            ax.plot(position(front["x"]), front["y"], "k.-", linewidth=1, label=f"Pareto front ({len(front['x'])})")
        if categories is not None:
            ax.set_xticks(range(len(categories)))
            ax.set_xticklabels(categories, rotation=30 if max(len(c) for c in categories) > 6 else 0)
        if figure["logx"]:
            ax.set_xscale("log")
        if figure["logy"]:
            ax.set_yscale("log")
        ax.set_xlabel(panel["xlabel"])
        ax.set_ylabel(panel["ylabel"])
        ax.set_title(panel["title"])
        ax.grid(alpha=0.3)
        if front is not None or any(s["label"] is not None for s in panel["series"]):
            ax.legend(fontsize=7)
    fig.tight_layout()
    temporary = figure["out"] + ".tmp"
    fig.savefig(temporary, format=figure["format"], dpi=110)
    plt.close(fig)
    os.replace(temporary, figure["out"])


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        sys.stderr.write("dramsweep plot: needs matplotlib for " + sys.executable +
                         " (Debian: apt-get install python3-matplotlib; scripts/install-deps.sh installs it)\n")
        return EXIT_MISSING_TOOL
    with open(argv[1]) as f:
        figure = json.load(f)
    try:
        draw(figure)
    except OSError as error:
        sys.stderr.write(f"dramsweep: error: {figure['out']}: field '-o': cannot write the figure ({error.strerror})\n")
        return 2
    print(f"figure written to {figure['out']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
