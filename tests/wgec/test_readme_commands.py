"""Every `python manage.py …` line of the README works as written, in a fresh clone after `make serve-setup`.

The clone carries the working tree as it is (uncommitted changes included) and shares this
interpreter's virtualenv; it is configured by nothing but the `.env` that `make serve-setup` writes,
as an operator's shell would be. Lines with placeholders (file names, `[--dry-run]`, `a|b`) run with
the real files and each choice listed in COMMANDS; a README line without an entry fails the test.
"""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent
PASSWORD = "a-first-officer-password-2026"


def readme_command_lines(readme: str) -> list[str]:
    """The lines of the README's ```sh blocks that start with `python manage.py`."""
    lines, in_sh = [], False
    for line in readme.splitlines():
        if line.startswith("```"):
            in_sh = line.strip() == "```sh" and not in_sh
            continue
        if in_sh and line.startswith("python manage.py"):
            lines.append(line.strip())
    return lines


@dataclass(frozen=True)
class Run:
    """One concrete command line a README line stands for: its arguments, the exit status it must give."""

    args: tuple[str, ...]
    status: int = 0
    env: dict[str, str] = field(default_factory=dict)
    output: str = ""  # words the output must contain
    stdin: str | None = None  # what the operator types or pipes in


ALL_FORMATS = [Run(("export_draft", "--format", f, "-o", f"draft.{f}")) for f in ("docx", "html", "txt", "md", "pdf")]

#: Each README line, and what it runs here. The inputs (revised.txt, changes.docx, draft.docx, the
#: backup) are the app's own exports, made by the fixture (see _inputs); members.csv is written there.
COMMANDS: dict[str, list[Run]] = {
    'python manage.py import_revision --participant "Russian Federation" revised.txt [--dry-run] [--json]': [
        Run(("import_revision", "--participant", "Russian Federation", "revised.txt", "--dry-run", "--json")),
        Run(("import_revision", "--participant", "Russian Federation", "revised.txt"), output="1 draft amendment"),
    ],
    'python manage.py import_docx changes.docx [--dry-run] [--json] --map "Author Name=Japan" --map "(no name)=Japan" ...': [
        Run(("import_docx", "changes.docx", "--dry-run", "--json")),
        Run(("import_docx", "changes.docx"), status=2, output="Map every author"),
        Run(
            (
                "import_docx",
                "changes.docx",
                "--map",
                "Nick Ashton-Hart=Japan",
                "--map",
                "Russian Federation=Japan",
                "--map",
                "(no name)=Japan",
            ),
            output="14 draft amendment(s) and 4 comment(s) created",
        ),  # fmt: skip
    ],
    "python manage.py import_report draft.docx [--title T] [--subtitle S] [--body B] [--dry-run]": [
        Run(("import_report", "draft.docx", "--title", "T", "--subtitle", "S", "--body", "B", "--dry-run")),
        Run(("import_report", "draft.docx"), output="Created report"),
    ],
    "python manage.py export_redline [--participant NAME] [--status pending|accepted] [--internal] [--format docx|pdf] -o redline.docx": [
        Run(("export_redline", "-o", "redline.docx")),
        Run(("export_redline", "--participant", "Japan", "--status", "accepted", "--internal", "-o", "redline.docx")),
        Run(("export_redline", "--format", "pdf", "-o", "redline.pdf"), output="amendment(s) written to redline.pdf"),
        Run(("export_redline", "--format", "txt", "-o", "redline.txt"), status=2, output="use docx or pdf"),
    ],
    "python manage.py export_compilation -o compilation.html [--format html|docx|pdf] [--participant NAME] [--status STATUS ...] [--internal]": [
        Run(("export_compilation", "-o", "compilation.html")),
        Run(("export_compilation", "-o", "compilation.docx", "--format", "docx", "--participant", "Japan")),
        Run(
            ("export_compilation", "-o", "c.pdf", "--format", "pdf", "--status", "submitted", "accepted", "--internal")
        ),
    ],
    'python manage.py export_draft --format docx|html|txt|md|pdf [--revision "Rev.1"] [--line-numbers] -o draft.docx   # -o - for stdout': [
        *ALL_FORMATS,
        Run(("export_draft", "--format", "pdf", "--line-numbers", "-o", "draft-lines.pdf")),
        Run(("export_draft", "--format", "txt", "--line-numbers", "-o", "-"), status=2, output="--line-numbers is for"),
        Run(("export_draft", "--format", "txt", "--revision", "Original", "-o", "-"), output="Original: English"),
        Run(("export_draft", "--format", "txt", "--revision", "Rev.1", "-o", "-"), status=2, output="no revision"),
    ],
    "python manage.py backup -o wgec-2018-01-15.json.gz     # the whole database, history included": [
        Run(("backup", "-o", "wgec-2018-01-15.json.gz")),
    ],
    "python manage.py restore wgec-2018-01-15.json.gz       # into an empty database (migrates it first)": [
        Run(("restore", "backup.json.gz"), env={"DATABASE_URL": "sqlite:///{clone}/restored.sqlite3"}),
        Run(("restore", "backup.json.gz"), status=2, output="not empty"),
    ],
    'python manage.py import_members members.csv --body "CSTD Working Group on Enhanced Cooperation" [--dry-run]': [
        Run(
            ("import_members", "members.csv", "--body", "CSTD Working Group on Enhanced Cooperation", "--dry-run"),
            output="Nothing was changed (--dry-run).",
        ),
        Run(
            ("import_members", "members.csv", "--body", "CSTD Working Group on Enhanced Cooperation"),
            output="2 users invited.",
        ),
        Run(("import_members", "members.csv", "--body", "No such group"), status=2, output="no working group named"),
    ],
    "python manage.py warm_cache": [Run(("warm_cache",), output="blocks rendered")],
    "python manage.py send_reminders": [Run(("send_reminders",), output="Deadline reminders: 0 to delegates")],
    "python manage.py createsecretariat EMAIL --body NAME [--password-stdin]": [
        Run(
            ("createsecretariat", "first.officer@example.org", "--body", "A New Working Group"),
            output="http://127.0.0.1:8000/accounts/reset/",
        ),
        Run(
            ("createsecretariat", "second.officer@example.org", "--body", "A New Working Group", "--password-stdin"),
            stdin=PASSWORD + "\n",
            output="second.officer@example.org (created) is secretariat of A New Working Group (existing).",
        ),
        Run(("createsecretariat", "not-an-address", "--body", "A New Working Group"), status=2, output="not an e-mail"),
    ],
    "python manage.py migrate": [Run(("migrate",))],
    "python manage.py collectstatic --noinput": [Run(("collectstatic", "--noinput"))],
    "python manage.py check --deploy": [
        Run(
            ("check", "--deploy", "--fail-level", "WARNING"),
            env={"HTTPS": "1", "ALLOWED_HOSTS": "wgec.example.org"},
            output="no issues",
        ),
    ],
}


def _shell_env(clone: Path, **extra: str) -> dict[str, str]:
    """An operator's shell: no setting of the app, only what any shell has."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ}
    env.update({name: value.replace("{clone}", str(clone)) for name, value in extra.items()})
    return env


def _git(*args: str, cwd: Path, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True, timeout=120).stdout


def _fresh_clone(target: Path) -> Path:
    """A clone of the repository with the working tree's changes and new files applied."""
    _git("clone", "--quiet", str(ROOT), str(target), cwd=ROOT)
    diff = _git("diff", "HEAD", "--binary", cwd=ROOT)
    if diff:
        _git("apply", "--whitespace=nowarn", cwd=target, stdin=diff)
    for name in _git("ls-files", "--others", "--exclude-standard", "-z", cwd=ROOT).decode().split("\0"):
        if name:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def _manage(clone: Path, run: Run) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(clone / ".venv" / "bin" / "python"), "manage.py", *run.args],
        cwd=clone, env=_shell_env(clone, **run.env), capture_output=True, text=True, timeout=300,
        input=run.stdin or "",
    )  # fmt: skip


def _inputs(clone: Path) -> None:
    """The files the README lines name, from the app's own exports of the demo."""
    for run in (
        Run(("export_draft", "--format", "txt", "-o", "draft.txt")),
        Run(("export_draft", "--format", "docx", "-o", "draft.docx")),
        Run(("export_redline", "-o", "changes.docx")),
        Run(("backup", "-o", "backup.json.gz")),
    ):
        result = _manage(clone, run)
        assert result.returncode == 0, result.stderr
    text = (clone / "draft.txt").read_text(encoding="utf-8")
    (clone / "revised.txt").write_text(text.replace(" should ", " shall ", 1), encoding="utf-8")
    (clone / "members.csv").write_text(
        "Delegation;Stakeholder group;Role;Name;E-mail\n"
        "Japan;Member State;Member;Aiko Tanaka;aiko.tanaka@example.org\n"
        "New Civil Society Network;Civil society;Observer;Ana Soto;ana.soto@example.org\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="session")
def served_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone after `make serve-setup`, with the demo loaded and the README's input files."""
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("git and make are needed to set up a fresh clone")
    clone = _fresh_clone(tmp_path_factory.mktemp("readme") / "wgec")
    (clone / ".venv").symlink_to(VENV)
    # The shared virtualenv is installed already: -o keeps make from reinstalling it (the clone's
    # lock file is newer than its marker).
    setup = subprocess.run(
        ["make", "-o", ".venv/.installed", "serve-setup"],
        cwd=clone, env=_shell_env(clone), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stdout + setup.stderr
    _inputs(clone)
    return clone


def test_every_readme_command_line_has_its_runs_here():
    lines = readme_command_lines((ROOT / "README.md").read_text(encoding="utf-8"))
    assert lines, "the README shows no manage.py command"
    assert [line for line in lines if line not in COMMANDS] == [], "add the new README lines to COMMANDS"
    assert [line for line in COMMANDS if line not in lines] == [], "COMMANDS names lines the README no longer has"


@pytest.mark.parametrize("line", list(COMMANDS))
def test_the_readme_command_works_as_written_after_make_serve_setup(served_clone, line):
    for run in COMMANDS[line]:
        result = _manage(served_clone, run)
        said = result.stdout + result.stderr
        assert result.returncode == run.status, f"{' '.join(run.args)}: {said}"
        assert run.output in said
        assert "Traceback" not in said


def test_make_serve_setup_writes_a_dot_env_and_keeps_an_edited_one(served_clone):
    env_file = served_clone / ".env"
    lines = env_file.read_text(encoding="utf-8").splitlines()
    assert f"SECRET_KEY_FILE={served_clone}/.secret_key" in lines
    assert "ALLOWED_HOSTS=127.0.0.1,localhost" in lines and "HTTPS=0" in lines
    assert ".env" not in _git("status", "--porcelain", "--untracked-files=all", cwd=served_clone).decode().split()

    edited = env_file.read_text(encoding="utf-8") + "TIME_ZONE=UTC\n"
    env_file.write_text(edited, encoding="utf-8")
    subprocess.run(
        ["make", "-o", ".venv/.installed", ".env"], cwd=served_clone, env=_shell_env(served_clone), check=True
    )
    assert env_file.read_text(encoding="utf-8") == edited


def test_a_bad_setting_gives_one_line_and_status_2_for_every_command(served_clone):
    for args in (("export_draft", "--format", "txt", "-o", "-"), ("runserver",), ("migrate",)):
        result = _manage(served_clone, Run(args, env={"DEBUG": "ture"}))
        assert result.returncode == 2
        assert result.stderr == "wgec: DEBUG='ture' is not a boolean; use one of 1/0, true/false, yes/no, on/off.\n"
        assert result.stdout == ""


def test_without_the_dot_env_a_missing_key_gives_one_line_and_status_2(served_clone):
    result = _manage(served_clone, Run(("export_draft", "--format", "txt", "-o", "-"), env={"ENV_FILE": ""}))
    assert result.returncode == 2
    assert result.stderr == "wgec: SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.\n"


def test_the_readme_lines_are_found_only_in_sh_blocks():
    readme = "python manage.py outside\n```sh\npython manage.py a\nmake run\n```\n```text\npython manage.py b\n```\n"
    assert readme_command_lines(readme) == ["python manage.py a"]


def test_the_commands_table_has_no_placeholder_left():
    for runs in COMMANDS.values():
        for run in runs:
            assert not any(re.search(r"[\[\]|]", arg) for arg in run.args), run.args
