#!/usr/bin/python3
"""Per-cell means of an `smrt eval` report folder: balanced accuracy, minority recall,
specificity and F1 of every method in every (table, classifier) cell, then over all cells.

Why: the win / tie / loss counts say whether a method beats SMOTE; these columns say how
(session 13: SMRT's recall 0.822 against SMOTE's 0.837, specificity 0.909 against 0.898).

    smrt --threads 1 eval --protocol d --full --methods SMOTE,SMRT --out /tmp/d0 -q
    /usr/bin/python3 bench/eval_cells.py /tmp/d0
"""
import argparse
import glob
import os

import pandas as pd

COLUMNS = {"balanced_accuracy": "ba", "minority_recall": "rec", "minority_specificity": "spec", "minority_f1": "f1"}


def cell_means(folder):
    frames = []
    for path in sorted(glob.glob(os.path.join(folder, "*_runs.csv"))):
        runs = pd.read_csv(path)
        frames.append(runs.groupby(["protocol", "method"])[list(COLUMNS)].mean().reset_index())
    if not frames:
        raise SystemExit("%s: no *_runs.csv (give the --out folder of `smrt eval`)" % folder)
    return pd.concat(frames).rename(columns=COLUMNS)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="the report folder `smrt eval --out` wrote")
    args = parser.parse_args()
    cells = cell_means(args.folder)
    pd.set_option("display.width", 250)
    print(cells.pivot(index="protocol", columns="method").round(4))
    print(cells.groupby("method")[list(COLUMNS.values())].mean().round(4))


if __name__ == "__main__":
    main()
