"""reporter.toml: lookup order, defaults, and clear errors for typos and wrong types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reporter.config import Config, find_config, load_config
from reporter.model import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_without_a_file() -> None:
    config = load_config(None)
    assert config == Config()
    assert config.thresholds.traffic_rise_pct == 15.0
    assert config.mail.security == "starttls"


def test_values_and_renamed_from_key(tmp_path: Path) -> None:
    path = tmp_path / "reporter.toml"
    path.write_text(
        '[agency]\nname = "Klarwerk"\nlogo = "logo.svg"\n[thresholds]\nseo_months = 4\ntraffic_rise_pct = 20\n'
        '[mail]\nfrom = "berichte@klarwerk.example"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.agency.name == "Klarwerk"
    assert config.resolve(config.agency.logo) == tmp_path.resolve() / "logo.svg"
    assert config.thresholds.seo_months == 4
    assert config.thresholds.traffic_rise_pct == 20.0
    assert isinstance(config.thresholds.traffic_rise_pct, float)
    assert config.mail.sender == "berichte@klarwerk.example"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[agency]\ncolour = 1\n", "unknown key [agency] colour"),
        ("[branding]\nname = 'x'\n", "unknown section(s) branding"),
        ("[limits]\nmax_rows = 'many'\n", "[limits] max_rows has the wrong type: 'many'"),
        ("[agency\n", "not valid TOML"),
    ],
)
def test_errors_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "reporter.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "kunden"
    inputs.mkdir()
    (inputs / "reporter.toml").write_text("", encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    explicit = tmp_path / "other.toml"
    assert find_config(explicit, [inputs]) == explicit
    assert find_config(None, [inputs]) == inputs / "reporter.toml"
    assert find_config(None, [inputs / "kunde.xlsx"]) == inputs / "reporter.toml"
    (cwd / "reporter.toml").write_text("", encoding="utf-8")
    assert find_config(None, [inputs]) == cwd / "reporter.toml"
    assert find_config(None, [tmp_path / "nowhere"]) == cwd / "reporter.toml"


def test_every_key_is_documented() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    import dataclasses

    from reporter import config as module

    for section, cls in module._SECTIONS.items():
        assert f"`[{section}]`" in doc, section
        for field in dataclasses.fields(cls):
            key = {"sender": "from"}.get(field.name, field.name)
            assert re.search(rf"\| `{key}` \|", doc), f"[{section}] {key} is not documented"
