"""The reference figure of docs/reference-figure.md drawn by matplotlib, with the same data as
`spectral-report bench plot`, for comparing speed, size and looks.

    pip install matplotlib
    python3 docs/matplotlib-reference-figure.py    # prints the median ms per figure
"""
import math
import os
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

WIDTHS = [2.0 ** k for k in range(6, 13)]


def make():
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), dpi=150, sharey=True)
    for ax, (name, slope) in zip(axes, [("standard", 0.5), ("ntk", -0.5), ("spectral", 0.0)]):
        for k, layer in enumerate(["layer 1", "layer 2", "layer 3", "logits"]):
            scale = 0.08 * 1.8 ** k
            ys = [scale * (w / 64) ** slope * (1 + 0.04 * math.sin(w + k)) for w in WIDTHS]
            ax.plot(WIDTHS, ys, marker="o", label=layer)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_title(name)
        ax.set_xlabel("width n")
        ax.grid(True)
        ax.legend()
    axes[0].set_ylabel("‖Δh‖ / ‖h‖")
    fig.tight_layout()
    return fig


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "matplotlib-reference.png"
    fig = make()
    fig.savefig(out)
    plt.close(fig)
    times = []
    for _ in range(10):
        start = time.perf_counter()
        fig = make()
        fig.savefig(out)
        plt.close(fig)
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"matplotlib {matplotlib.__version__}: {times[len(times) // 2] * 1000:.1f} ms per figure "
          f"(median of 10), {os.path.getsize(out)} bytes")


if __name__ == "__main__":
    main()
