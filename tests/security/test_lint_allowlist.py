"""Issue 14 §9: ruff's security rules (S) run in full; the allow-list is
reviewed: no S rule is ignored globally, the per-file ignores are the
reviewed ones, and every inline `noqa: S…` says why."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
REVIEWED_PER_FILE = {
    "tests/**": {"S101", "S105", "S106", "S311"},
    "bench/**": {"S311"},
}
NOQA_S = re.compile(r"noqa: (S\d+(?:, ?S\d+)*)(.*)$")


def test_security_rules_are_selected_and_not_ignored_globally():
    lint = CONFIG["lint"]

    assert "S" in lint["select"]
    assert not [rule for rule in lint.get("ignore", []) if rule.startswith("S")]


def test_per_file_security_ignores_are_the_reviewed_ones():
    ignores = CONFIG["lint"]["per-file-ignores"]
    security = {
        pattern: {rule for rule in rules if rule.startswith("S")}
        for pattern, rules in ignores.items()
    }

    assert {p: r for p, r in security.items() if r} == REVIEWED_PER_FILE


def test_every_inline_security_noqa_gives_its_reason():
    unexplained = []
    for path in ROOT.rglob("*.py"):
        if {".venv", "var", "node_modules"} & set(path.relative_to(ROOT).parts):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = NOQA_S.search(line)
            if match and not match.group(2).strip().startswith("("):
                unexplained.append(f"{path.relative_to(ROOT)}:{number}")

    assert not unexplained
