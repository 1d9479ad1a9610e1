#!/bin/bash
#SBATCH --array=1-16
#SBATCH --cpus-per-task=4
spectral-report run experiments/spectral-condition.toml --cache-dir /shared/cache \
    --threads "$SLURM_CPUS_PER_TASK" --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --quiet
# afterwards, once: spectral-report run experiments/spectral-condition.toml --cache-dir /shared/cache
