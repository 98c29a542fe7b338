"""`pdca gap report`: the operator writes an assessment's report or checklist to a file."""

import pytest
from django.core.management import CommandError, call_command

from tests.gap.reporting import new_assessment, score_some

MAGIC = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK"}  # Word and Excel files are zip archives


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_it_writes_each_format_to_the_named_file(world, tmp_path, capsys, fmt):
    assessment = new_assessment(world.org, small=True)
    score_some(assessment)
    target = tmp_path / f"report.{fmt}"
    call_command("gap", "report", str(assessment.pk), "--format", fmt, "--output", str(target))
    assert target.read_bytes().startswith(MAGIC[fmt])
    assert capsys.readouterr().out.strip() == str(target)


def test_the_default_file_is_named_after_the_organisation_and_number(world, tmp_path, monkeypatch, capsys):
    assessment = new_assessment(world.org, small=True)
    monkeypatch.chdir(tmp_path)
    call_command("gap", "report", str(assessment.pk), "--format", "xlsx")
    name = f"acme-{assessment.number}.xlsx"
    assert (tmp_path / name).is_file() and capsys.readouterr().out.strip() == name


def test_an_unknown_assessment_is_an_error(db):
    with pytest.raises(CommandError, match="No gap assessment with the id 999"):
        call_command("gap", "report", "999", "--format", "pdf")
