"""`consent`: a record of which written consent exists and who keeps it; a site option requires it for new cases."""

from __future__ import annotations

from conftest import MINIMAL_CONFIG, VALID_CASE

CONSENT = "consent: {form: 家长知情同意书, date: 2024-05-10, kept_by: 学校心理辅导室档案柜}\n"


def with_consent(text: str, record: str = CONSENT) -> str:
    return text.replace("anonymized: true\n", "anonymized: true\n" + record)


def require_from(site, date: str) -> None:
    site.write("mkdocs.yml", MINIMAL_CONFIG.replace("  - xinyu:\n", f"  - xinyu:\n      privacy:\n        consent_required_from: {date}\n"))


def test_a_consent_record_is_accepted_and_never_published(site):
    site.write("cases/with-consent/index.md", with_consent(VALID_CASE))
    found = site.check()
    assert found.code == 0, found.out
    site.build()
    item = next(i for i in site.catalog() if i["slug"] == "with-consent")
    assert "consent" not in item
    published = [p for p in site.out.rglob("*") if p.is_file() and "档案柜".encode() in p.read_bytes()]
    assert published == []


def test_an_incomplete_consent_record_is_a_located_error(site):
    site.write("cases/half/index.md", with_consent(VALID_CASE, "consent: {form: 家长知情同意书}\n"))
    found = site.check()
    assert found.code == 1
    assert any(line.startswith("cases/half/index.md:11: consent") for line in found.lines), found.out


def test_the_site_option_requires_consent_for_new_cases_only(site):
    require_from(site, "2024-01-01")
    site.write("cases/new-without/index.md", VALID_CASE)  # dated 2024-05-20
    site.write("cases/new-with/index.md", with_consent(VALID_CASE))
    site.write("cases/old-without/index.md", VALID_CASE.replace("date: 2024-05-20", "date: 2023-06"))
    found = site.check()
    assert found.code == 1
    bad = [line for line in found.lines if ": consent: " in line]
    assert len(bad) == 1 and bad[0].startswith("cases/new-without/index.md:1: consent: ") and "2024-01-01" in bad[0], found.out


def test_a_malformed_option_is_a_configuration_error(site):
    require_from(site, "下学期")
    found = site.check()
    assert found.code == 2 and "consent_required_from" in found.err
