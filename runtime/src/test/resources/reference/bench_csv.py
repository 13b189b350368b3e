"""What a Python user runs to read a large CSV into columns, for bin/bench csv: pandas' read_csv (its C parser), timed in
one process like CsvBench's rounds: the first read, then the median of the later ones.
Usage: python3 bench_csv.py data.csv [rounds]"""
import statistics
import sys
import time

import pandas as pd

path, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
seconds = []
for _ in range(rounds):
    start = time.perf_counter()
    frame = pd.read_csv(path)
    columns = [frame[c].to_numpy() for c in frame.columns]
    seconds.append(time.perf_counter() - start)
later = seconds[1:]
warm = statistics.median(later) if later else float("nan")
print(f"  {'pandas.read_csv (C parser, one core)':<36} first {seconds[0]:6.3f} s   warm {warm:6.3f} s")
