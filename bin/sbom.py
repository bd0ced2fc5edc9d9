"""Writes the software bill of materials (CycloneDX 1.5 JSON) from
requirements.lock: every Python package the portal runs, with its exact
version and its PyPI package URL. No network: the build machines cannot reach
a vulnerability database, so the README's monthly upgrade routine compares
this list with the advisories instead.

    python bin/sbom.py [OUTPUT]     (default var/sbom.cdx.json)
"""

import datetime
import json
import re
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)")


def components(lock: Path) -> list[dict]:
    found = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := PINNED.match(line.strip()):
            name, version = match.group(1).lower(), match.group(2)
            found.append(
                {
                    "type": "library",
                    "name": name,
                    "version": version,
                    "purl": f"pkg:pypi/{name}@{version}",
                }
            )
    return sorted(found, key=lambda c: c["name"])


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "sbom.cdx.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.datetime.now(datetime.UTC).isoformat(),
            "component": {"type": "application", "name": "congress-portal"},
        },
        "components": components(ROOT / "requirements.lock"),
    }
    output.write_text(json.dumps(bom, indent=2), encoding="utf-8")
    print(f"{output}: {len(bom['components'])} components")  # noqa: T201


if __name__ == "__main__":
    main()
