"""PyTorch's time for the training step `spectral-report bench train` measures.

MLP 3072 → w → w → 10 without biases, ReLU, cross-entropy, batch 128, one plain SGD step
(forward, backward, update), on PyTorch's default threads (set --threads to match
`bench train --threads`). Prints one line per width: median ms per step over --steps timed
steps after 10 warm-up steps, and GFLOP/s counted as 6·batch·parameters, as bench train does.

    /work/venv/bin/python docs/pytorch-train-step.py --widths 256 1024 --threads 2
"""
import argparse
import statistics
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--widths", type=int, nargs="+", default=[256, 1024])
parser.add_argument("--input", type=int, default=3072)
parser.add_argument("--batch", type=int, default=128)
parser.add_argument("--steps", type=int, default=50)
parser.add_argument("--threads", type=int, default=2)
arguments = parser.parse_args()
torch.set_num_threads(arguments.threads)
torch.manual_seed(0)

for width in arguments.widths:
    model = torch.nn.Sequential(
        torch.nn.Linear(arguments.input, width, bias=False), torch.nn.ReLU(),
        torch.nn.Linear(width, width, bias=False), torch.nn.ReLU(),
        torch.nn.Linear(width, 10, bias=False))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(arguments.batch, arguments.input)
    y = torch.arange(arguments.batch) % 10
    loss_function = torch.nn.CrossEntropyLoss()
    times = []
    for step in range(10 + arguments.steps):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(model(x), y)
        loss.backward()
        optimizer.step()
        if step >= 10:
            times.append(time.perf_counter() - start)
    parameters = sum(p.numel() for p in model.parameters())
    seconds = statistics.median(times)
    print(f"pytorch width {width}: {seconds * 1e3:.2f} ms per step, "
          f"{6 * arguments.batch * parameters / seconds / 1e9:.1f} GFLOP/s "
          f"({torch.__version__}, {torch.get_num_threads()} threads)")
