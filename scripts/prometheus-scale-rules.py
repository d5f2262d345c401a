#!/usr/bin/env python3
"""Copies alerting rules with every time window scaled by a factor, for a test stack that cannot
wait minutes: `for:` durations, range selectors `[5m]`, and thresholds marked `# seconds`.

    scripts/prometheus-scale-rules.py SRC DST FACTOR      e.g. FACTOR 0.05: 3m -> 9s
"""
import re
import sys

UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
DURATION = r"(\d+)(ms|s|m|h|d)"


def scaled_seconds(seconds, factor):
    """Whole seconds, at least 1 (Prometheus evaluates no faster than its interval anyway)."""
    return max(1, round(seconds * factor))


def scale_duration(number, unit, factor):
    return f"{scaled_seconds(int(number) * UNITS[unit], factor)}s"


def scale(text, factor):
    text = re.sub(r"(for:\s*)" + DURATION, lambda m: m.group(1) + scale_duration(m.group(2), m.group(3), factor), text)
    text = re.sub(r"\[" + DURATION + r"\]", lambda m: f"[{scale_duration(m.group(1), m.group(2), factor)}]", text)
    return re.sub(r"(\d+(?:\.\d+)?)(\s*# seconds)", lambda m: f"{scaled_seconds(float(m.group(1)), factor)}{m.group(2)}", text)


if __name__ == "__main__":
    source, destination, factor = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(source) as f:
        text = f.read()
    with open(destination, "w") as f:
        f.write(scale(text, factor))
