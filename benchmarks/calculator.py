"""The calculator and the offer check on one core: the pure model per call, and the two API routes through the
Flask test client (no network). The model must stay far below a page's budget on a Raspberry Pi.

    .venv/bin/python benchmarks/calculator.py [--calls 2000] [--content content/]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import create_app  # noqa: E402
from kiosk.build.pipeline import build  # noqa: E402
from kiosk.money.calculator import Inputs, calculate  # noqa: E402

LONGEST = Inputs(200_000_000, Decimal("0.7"), 0, 36_000_000, 2, 30_000_000, 8_000_000, 4_000_000, 120, 24)
CALC = {
    "loan_amount": 200_000_000,
    "loan_monthly_rate_percent": 0.7,
    "months_before_first_salary": 2,
    "monthly_income": 30_000_000,
    "monthly_living_costs": 8_000_000,
    "monthly_sent_home": 4_000_000,
    "contract_months": 120,
    "return_after_months": 24,
}
OFFER = {
    "destination": "JP",
    "programme": "titp",
    "contract_months": 36,
    "monthly_salary": 20_000_000,
    "service_fee": 70_000_000,
    "deposit": 5_000_000,
}


def timed(fn, calls: int) -> list[float]:
    out = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def report(name: str, ms: list[float]) -> None:
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(f"{name:<38} median {statistics.median(ms):7.3f} ms   p95 {p95:7.3f} ms   ({len(ms)} calls)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args()
    report("calculate(), 120 months (pure)", timed(lambda: calculate(LONGEST), args.calls))
    instance = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    build(args.content, instance)
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    calls = max(1, args.calls // 4)
    report(
        "POST /api/v1/calculate, 120 months",
        timed(lambda: client.post("/api/v1/calculate", json=CALC), calls),
    )
    report("POST /api/v1/check-offer", timed(lambda: client.post("/api/v1/check-offer", json=OFFER), calls))


if __name__ == "__main__":
    main()
