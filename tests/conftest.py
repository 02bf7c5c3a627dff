import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_37c21532c00575da.txt"
SEED_002 = SEEDS / "002_67bdc76f17fffe89.txt"
# Gold data lives beside the project (never copied into it); FRAMING_SHARED overrides where.
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
POLNEAR = SHARED / "data" / "polnear"
PTC = SHARED / "data" / "ptc"


def needs(path: Path):
    """Skip, saying why, when gold data is absent (a user's fresh clone has none)."""
    return pytest.mark.skipif(not path.exists(), reason=f"gold data not found at {path} "
                              "(it is kept outside the project; set FRAMING_SHARED to its folder)")
