#!/usr/bin/env python3
"""Prints the slowest specs of the TRX logs under a folder: `slowest.py DIR [COUNT]`, one line each, with the
time per test class first, so a CI run that grows says where its minutes went."""
import collections
import glob
import sys
import xml.etree.ElementTree as ET


def seconds(duration):
    hours, minutes, rest = duration.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def main():
    folder, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    results, classes = [], collections.Counter()
    for path in glob.glob(f"{folder}/**/*.trx", recursive=True):
        ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
        for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
            name, duration = result.get("testName", "?"), seconds(result.get("duration", "0:0:0"))
            results.append((duration, name))
            classes[name.split("(")[0].rsplit(".", 1)[0]] += duration
    for name, duration in classes.most_common(count):
        print(f"ci: class {duration:7.1f} s  {name}")
    for duration, name in sorted(results, reverse=True)[:count]:
        print(f"ci: spec  {duration:7.1f} s  {name[:160]}")


if __name__ == "__main__":
    main()
