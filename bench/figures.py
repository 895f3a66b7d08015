"""One measured figure with its target, printed the same way by every benchmark."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A median (or ratio, or peak) against its target; ok is None for a figure shown for comparison."""

    name: str
    value: float
    unit: str
    target: str
    ok: bool | None
    note: str = ""

    def line(self) -> str:
        verdict = {True: "ok", False: "MISS", None: "-"}[self.ok]
        value = f"{self.value:,.3f}" if abs(self.value) < 10 else f"{self.value:,.1f}"
        text = f"{self.name:<52} {value:>10} {self.unit:<9} {self.target:<12} {verdict}"
        return f"{text}   {self.note}" if self.note else text


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        if names:
            cpu = names[0]
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = " · load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return (
        f"{platform.system()} {platform.release()} · {os.cpu_count()} cores · {cpu} · "
        f"Python {platform.python_version()}{load}"
    )
