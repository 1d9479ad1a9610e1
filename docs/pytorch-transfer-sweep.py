"""The default report's learning-rate-transfer sweep, written in PyTorch as a user would, for
comparing `spectral-report` with the usual tool on the work it does most.

The same sweep as `[sweeps.transfer]` in experiments/spectral-condition.toml: an MLP
64 → n → n → 10 without biases, ReLU, mean cross-entropy, plain SGD at batch 64 for 100 steps,
under the standard and the spectral parametrization (per-layer initialisation, multipliers
and rates as in docs/science.md), for every width (64–2048), each of 9 base rates and two
seeds. The data has the same sizes as the teacher task (2048 training and 512 test examples
of dimension 64, 10 classes, labelled by a random two-layer tanh teacher). Like
`spectral-report`, every run evaluates what the transfer figure reads: the training loss on
the first 512 training rows at the steps nearest a tenth and three tenths of the run (9 and
28) and at the end; and a run whose loss is not finite or exceeds 1e4 stops there. With
`--final-loss-only` a run evaluates the final loss alone (less work than the figure needs:
the strictest comparison for us).

    pip install torch --index-url https://download.pytorch.org/whl/cpu
    python3 docs/pytorch-transfer-sweep.py                 # the full preset's sweep
    python3 docs/pytorch-transfer-sweep.py --final-loss-only
    python3 docs/pytorch-transfer-sweep.py --widths 64 256 1024 --steps 40 \
        --rates 0.0625 0.125 0.25 0.5 1 2 4                # the quick preset's

It prints the seconds the whole sweep took (data, models, training and evaluation; the
import of torch excluded) and the best rate per width (over the mean final loss of the
seeds). `spectral-report bench report --python …` runs it, alternated with the same sweep
of ours.
"""
import argparse
import math
import time

import torch
import torch.nn.functional as F

FULL_WIDTHS = [64, 128, 256, 512, 1024, 2048]
FULL_RATES = [2.0 ** k for k in range(-6, 3)]


def teacher_data(d=64, classes=10, train=2048, test=512, seed=0):
    g = torch.Generator().manual_seed(seed)
    w1 = torch.randn(4 * classes, d, generator=g) / math.sqrt(d)
    w2 = torch.randn(classes, 4 * classes, generator=g) / math.sqrt(4 * classes)
    x = torch.randn(train + test, d, generator=g)
    y = (torch.tanh(x @ w1.T) @ w2.T).argmax(dim=1)
    return x[:train], y[:train], x[train:], y[train:]


class MLP(torch.nn.Module):
    """64 → n → n → 10 with a forward multiplier per layer."""

    def __init__(self, dims, multipliers):
        super().__init__()
        self.layers = torch.nn.ModuleList(
            torch.nn.Linear(a, b, bias=False) for a, b in zip(dims[:-1], dims[1:]))
        self.multipliers = multipliers

    def forward(self, x):
        for k, (layer, m) in enumerate(zip(self.layers, self.multipliers)):
            x = layer(x) if m == 1 else m * layer(x)
            if k < len(self.layers) - 1:
                x = F.relu(x)
        return x


def make_run(parametrization, width, eta, d=64, classes=10):
    """The model and its optimiser: per-layer std, multiplier and SGD rate."""
    dims = [d, width, width, classes]
    stds, rates = [], []
    for fan_in, fan_out in zip(dims[:-1], dims[1:]):
        if parametrization == "standard":
            stds.append(1 / math.sqrt(fan_in))
            rates.append(eta)
        else:  # spectral: std ∝ √(fan_out/fan_in)/√fan_in capped, rate η·fan_out/fan_in
            stds.append(1 / math.sqrt(fan_in) * min(1.0, math.sqrt(fan_out / fan_in)))
            rates.append(eta * fan_out / fan_in)
    model = MLP(dims, [1.0] * 3)
    with torch.no_grad():
        for layer, std in zip(model.layers, stds):
            layer.weight.normal_(0, std)
    optimiser = torch.optim.SGD(
        [{"params": layer.parameters(), "lr": rate} for layer, rate in zip(model.layers, rates)], lr=eta)
    return model, optimiser


@torch.no_grad()
def evaluate(model, x_train, y_train):
    return F.cross_entropy(model(x_train[:512]), y_train[:512]).item()


def train(parametrization, width, eta, data, steps, batch, evaluate_at, seed=0):
    x_train, y_train, x_test, y_test = data
    torch.manual_seed(seed)
    model, optimiser = make_run(parametrization, width, eta)
    records = {}
    order = torch.randperm(len(x_train))
    position = 0
    for step in range(1, steps + 1):
        if position + batch > len(x_train):
            order = torch.randperm(len(x_train))
            position = 0
        rows = order[position:position + batch]
        position += batch
        loss = F.cross_entropy(model(x_train[rows]), y_train[rows])
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        value = loss.item()
        if not math.isfinite(value) or value > 1e4:
            return records, step
        if step in evaluate_at:
            records[step] = evaluate(model, x_train, y_train)
    return records, None


def horizons(steps):
    """The steps the transfer figure reads before the end: of the report's default metric
    schedule (0–3, then about eight steps per decade), those nearest a tenth and three tenths
    of the run (9 and 28 for 100 steps)."""
    schedule, following = [0, 1, 2, 3], 4.0
    while int(following) < steps:
        schedule.append(int(following))
        following = max(following + 1, round(following * 1.33))
    inner = [s for s in schedule if 0 < s < steps]
    return {min(inner, key=lambda s: abs(s - steps * f)) for f in (0.1, 0.3)} if inner else set()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--widths", type=int, nargs="+", default=FULL_WIDTHS)
    parser.add_argument("--rates", type=float, nargs="+", default=FULL_RATES)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seeds", type=int, default=2, help="seeds per width and rate (0, 1, …)")
    parser.add_argument("--final-loss-only", action="store_true",
                        help="evaluate only the final training loss, not the figure's two earlier horizons")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice, all cores)")
    arguments = parser.parse_args()
    if arguments.threads:
        torch.set_num_threads(arguments.threads)
    steps = arguments.steps
    evaluate_at = {steps} if arguments.final_loss_only else horizons(steps) | {steps}

    start = time.perf_counter()
    data = teacher_data()
    best = {}
    for parametrization in ["standard", "spectral"]:
        for width in arguments.widths:
            for eta in arguments.rates:
                finals = []
                for seed in range(arguments.seeds):
                    records, diverged = train(parametrization, width, eta, data, steps, arguments.batch, evaluate_at, seed)
                    finals.append(records[steps] if diverged is None else math.inf)
                final = sum(finals) / len(finals)
                key = (parametrization, width)
                if math.isfinite(final) and (key not in best or final < best[key][1]):
                    best[key] = (eta, final)
    seconds = time.perf_counter() - start
    for (parametrization, width), (eta, loss) in sorted(best.items()):
        print(f"{parametrization:9s} width {width:5d}: best rate {eta:g} (final training loss {loss:.4f})")
    evaluations = "final loss only" if arguments.final_loss_only else "losses at steps " + ", ".join(map(str, sorted(evaluate_at)))
    print(f"{len(arguments.widths) * len(arguments.rates) * 2 * arguments.seeds} runs in {seconds:.1f} s "
          f"(torch {torch.__version__}, {torch.get_num_threads()} threads; {evaluations})")


if __name__ == "__main__":
    main()
