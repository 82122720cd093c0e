#!/usr/bin/env python3
"""Shares of JFR execution samples: which methods are on the stack (inclusive) and on top
(self), from `jfr print --events jdk.ExecutionSample`. Usage:
  bench/tools/jfr-shares.py <recording.jfr> [substring ...]
Prints the top self and inclusive frames, then the inclusive share of each given substring
(e.g. TokenVerifier.verify GrizzlyServerFilter.handleHandshake)."""
import collections
import re
import subprocess
import sys

recording, wanted = sys.argv[1], sys.argv[2:]
text = subprocess.run(['jfr', 'print', '--stack-depth', '256', '--events', 'jdk.ExecutionSample', recording],
                      capture_output=True, text=True, check=True).stdout
samples = []
for event in text.split('jdk.ExecutionSample')[1:]:
    frames = re.findall(r'^\s+([\w.$<>/]+)\(', event.split('stackTrace = [', 1)[-1], re.M)
    if frames:
        samples.append(frames)
total = len(samples)
self_counts = collections.Counter(s[0] for s in samples)
incl = collections.Counter()
for s in samples:
    for f in set(s):
        incl[f] += 1
print(f'{total} samples')
print('top self:')
for f, n in self_counts.most_common(15):
    print(f'  {100 * n / total:5.1f}%  {f}')
print('top inclusive:')
for f, n in incl.most_common(40):
    print(f'  {100 * n / total:5.1f}%  {f}')
for w in wanted:
    n = sum(1 for s in samples if any(w in f for f in s))
    print(f'inclusive {w}: {100 * n / max(total, 1):.1f}%')
