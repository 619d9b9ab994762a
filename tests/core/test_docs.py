"""The documentation cannot go stale: every command, make target, setting and file it names exists.

README.md and docs/**/*.md are read as a newcomer would follow them: each ``manage.py <command> [options]`` in
a shell block or in backquotes is parsed by that command's own argument parser (an unknown command or a
removed option fails here), each ``make <target>`` is a target of the Makefile, each environment variable
is read by the settings — and every variable the settings read is described in docs/operations.md — and each
project path in backquotes exists.
"""

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import CommandError, get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SETTINGS = (ROOT / "salsk_mentoring" / "settings.py").read_text(encoding="utf-8")
STALE = ("unrecognized arguments", "arguments are required", "invalid choice", "expected one argument", "invalid")
# Folders of the checkout, not of a run: media/, artifacts/, staticfiles/ are made by running the portal or the
# tests (git-ignored), so a path into them names data, not a project file a clean clone must have.
RUNTIME_DIRS = {"media", "artifacts", "staticfiles", "__pycache__"}
TOP_DIRS = {
    p.name for p in ROOT.iterdir()
    if p.is_dir() and not p.name.startswith(".") and p.name not in RUNTIME_DIRS and not p.name.endswith(".egg-info")
}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def shell_lines(text: str):
    """Lines of ```sh / ```bash / ```cron blocks, continuation lines joined, and `inline code` spans."""
    for block in re.findall(r"```(?:sh|bash|shell|cron)\n(.*?)```", text, flags=re.S):
        yield from block.replace("\\\n", " ").splitlines()
    yield from re.findall(r"`([^`\n]+)`", text)


def manage_calls(text: str):
    for line in shell_lines(text):
        line = line.split(" #", 1)[0]
        for match in re.finditer(r"manage\.py\s+([a-z_]+)((?:\s+[^;&|<>]*)?)", line):
            yield match.group(1), match.group(2)


def test_readme_is_short():
    assert len(read(ROOT / "README.md").encode()) <= 10 * 1024


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_manage_py_command_and_option_exists(path):
    commands = get_commands()
    problems = []
    for name, rest in manage_calls(read(path)):
        if name not in commands:
            problems.append(f"manage.py {name}: нет такой команды")
            continue
        # Placeholders (…, $(…), <…>) stand for one argument each.
        rest = re.sub(r"\$\([^)]*\)", "X", rest).replace("…", "X")
        try:
            args = [a for a in shlex.split(rest) if not re.fullmatch(r"<[^>]*>|X", a) or a == "X"]
        except ValueError:
            continue
        if any(a.startswith("<") for a in args):
            continue
        parser = load_command_class(commands[name], name).create_parser("manage.py", name)
        try:
            parser.parse_args(args)
        except (SystemExit, CommandError) as error:
            # Only the words of the call count: a default the parser checks against this machine's settings
            # (db_worker's task backend in the test settings) is not the docs' fault.
            if any(words in str(error) for words in STALE) or isinstance(error, SystemExit):
                problems.append(f"manage.py {name}{rest}: {error}")
    assert problems == []


def test_every_make_target_exists():
    makefile = read(ROOT / "Makefile")
    targets = set(re.findall(r"(?m)^([a-z][a-z0-9-]*):", makefile))
    used = {
        target
        for path in DOCS
        for line in shell_lines(read(path))
        for target in re.findall(r"\bmake ([a-z][a-z0-9-]*)", line)
    }
    assert used and used <= targets, used - targets


ENV = re.compile(r"\b((?:DJANGO|PORTAL|DATABASE|EMAIL|TASKS)_[A-Z_]*[A-Z]|DEFAULT_FROM_EMAIL)\b")


def settings_env_names() -> set[str]:
    return set(re.findall(r"env_(?:str|int|bool|list|float)\(\s*\"([A-Z_]+)\"", SETTINGS))


def test_every_environment_variable_in_docs_is_read_by_settings_and_every_one_is_described():
    read_by_settings = settings_env_names()
    named = {name for path in DOCS for name in ENV.findall(read(path))}
    # Names that are settings (not environment variables) are in settings.py too.
    unknown = {name for name in named if name not in SETTINGS}
    assert unknown == set()
    operations = read(ROOT / "docs" / "operations.md")
    assert {name for name in read_by_settings if name not in operations} == set()


def test_every_project_path_in_docs_exists():
    missing = []
    for path in DOCS:
        for span in re.findall(r"`([^`\s]+)`", read(path)):
            span = span.split("::", 1)[0].rstrip(".,;:")
            first = span.split("/", 1)[0]
            if "/" not in span or first not in TOP_DIRS or any(c in span for c in "<>*…{}$"):
                continue
            if not (ROOT / span).exists():
                missing.append(f"{path.relative_to(ROOT)}: {span}")
    assert missing == []


def test_the_checks_catch_a_stale_command_target_and_variable():
    """The checks above can fail: a removed command, option and variable are found."""
    text = "```sh\npython manage.py no_such_command\npython manage.py expire_jobs --no-such-option\n```"
    assert [name for name, _ in manage_calls(text)] == ["no_such_command", "expire_jobs"]
    assert "no_such_command" not in get_commands()
    commands = get_commands()
    parser = load_command_class(commands["expire_jobs"], "expire_jobs").create_parser("manage.py", "expire_jobs")
    with pytest.raises(CommandError, match="unrecognized arguments"):
        parser.parse_args(["--no-such-option"])
    assert "PORTAL_NO_SUCH_SETTING" not in SETTINGS and ENV.findall("`PORTAL_NO_SUCH_SETTING`")
