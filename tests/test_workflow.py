"""GitHub 워크플로(.github/workflows/) 검사: 이 컴퓨터는 GitHub에 닿지 않으므로 린트와 단계의 모의 실행이 증거입니다.

- check-jsonschema가 GitHub의 워크플로 스키마(패키지에 내장, 인터넷 없이)로 검사합니다.
- zizmor(--offline)가 보안 문제를 하나도 찾지 않아야 합니다.
- 단계가 이 저장소와 맞는지 봅니다: README와 .ci/run의 테스트 명령, Makefile의 대상과 출력 경로,
  .ci/run이 설치하는 Debian 패키지, 잠금 파일로 만드는 pip 캐시, 기본 브랜치에서만 하는 Pages 게시.
"""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
BIN = Path(sys.executable).parent  # 테스트를 실행하는 가상 환경의 도구(check-jsonschema, zizmor)

BOOK_HTML = "_build/html"  # Jupyter Book 1: `jupyter-book build .`가 만드는 곳
BOOK_PDF = "_build/pdf/cnn-course.pdf"  # make pdf가 만드는 PDF
SHA = re.compile(r"[0-9a-f]{40}")
# 러너에서는 .ci/run의 Debian 패키지 대신 다른 것을 씁니다: 러너에 있는 Chrome, setup-node의 Node.js와 npm.
RUNNER_SUBSTITUTES = {"chromium": "env CHROMIUM", "nodejs": "actions/setup-node", "npm": "actions/setup-node"}

# 예전 워크플로(태그로 고른 액션, 기본 권한, 남겨 둔 자격 증명): 검사가 실제로 문제를 찾는지 보는 대조군.
UNSAFE_WORKFLOW = """\
name: test
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1에서 `on:`은 참/거짓 값으로 읽힙니다.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def commands(step: dict) -> list[str]:
    """한 단계의 `run:`을 명령으로 나눕니다(줄과 `&&`마다)."""
    lines = step.get("run", "").splitlines()
    return [part.strip() for line in lines for part in line.split("&&") if part.strip()]


def make_targets(step: dict) -> set[str]:
    """한 단계가 make로 실행하는 대상."""
    return {word for command in commands(step) if command.startswith("make ")
            for word in shlex.split(command)[1:] if not word.startswith("-")}


def built_at(steps: list[dict]) -> dict[str, int]:
    """make 대상마다 그것을 실행하는 단계의 번호."""
    return {target: index for index, step in enumerate(steps) for target in make_targets(step)}


def steps_of(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for index, step in enumerate(job.get("steps", [])):
            yield job_id, index, step


def action(step: dict) -> str:
    return step.get("uses", "").split("@")[0]


def readme_test_command() -> str:
    """README의 두 명령 중 테스트 명령, 그리고 .ci/run이 마지막에 실행하는 명령(둘이 같아야 합니다)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    readme_commands = [line.split("#")[0].strip() for line in block.splitlines()]
    ci_run = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    last = [line for line in ci_run if line and not line.startswith("#")][-1]
    assert last in readme_commands, f".ci/run의 테스트 명령 {last!r}이 README의 명령 {readme_commands}에 없습니다."
    return last


def job_running_tests(workflow: dict) -> tuple[str, dict]:
    """README의 테스트 명령을 실행하는 작업."""
    command = readme_test_command()
    found = [(job_id, workflow["jobs"][job_id]) for job_id, _, step in steps_of(workflow) if command in commands(step)]
    assert len(found) == 1, f"README의 테스트 명령 {command!r}을 실행하는 작업이 하나여야 합니다: {found}"
    return found[0]


def ci_run_apt_packages() -> set[str]:
    """.ci/run이 apt-get install로 설치하는 패키지(옵션과 $(...)로 고르는 부분은 빼고)."""
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(line for line in text.splitlines() if "apt-get install" in line)
    words = line.split("apt-get install", 1)[1].split()
    packages = set()
    for word in words:
        if word.startswith(("$(", ">", "|", "&", ";")):
            break
        if not word.startswith("-"):
            packages.add(word)
    # 없을 때만 설치하는 패키지: $(command -v npm ... || echo nodejs npm)
    for names in re.findall(r"\becho ([\w. -]+)\)", line):
        packages.update(names.split())
    return packages


def workflow_apt_packages(workflow: dict) -> set[str]:
    packages = set()
    for _, _, step in steps_of(workflow):
        for command in commands(step):
            words = shlex.split(command)
            if "apt-get" in words and "install" in words:
                packages.update(w for w in words[words.index("install") + 1:] if not w.startswith("-"))
    return packages


# GitHub의 식(expression) 중 이 워크플로가 쓰는 부분만 계산합니다: 문자열, 문맥의 경로, ==, !=, &&, ||,
# 괄호와 format(). 그 밖의 것(always(), ! 등)은 오류로 알립니다.
TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||\(|\)|,)|([A-Za-z_][\w.-]*))")


def evaluate(expression: str, context: dict) -> bool:
    expression = expression.strip().removeprefix("${{").removesuffix("}}").strip()
    python, position = [], 0
    while position < len(expression):
        match = TOKEN.match(expression, position)
        assert match and match.end() > position, f"계산할 수 없는 식: {expression[position:]!r}"
        literal, operator, name = match.groups()
        if literal:
            python.append(repr(literal[1:-1].replace("''", "'")))
        elif operator:
            python.append({"&&": " and ", "||": " or "}.get(operator, operator))
        elif name in ("true", "false"):
            python.append(str(name == "true"))
        elif name == "format":
            python.append("format_")
        else:
            value = context
            for part in name.split("."):
                assert isinstance(value, dict) and part in value, f"문맥에 없는 값: {name}"
                value = value[part]
            python.append(repr(value))
        position = match.end()
    return bool(eval("".join(python), {"__builtins__": {}}, {"format_": lambda text, *args: text.format(*args)}))


def github(event_name: str, ref: str, default_branch: str = "main") -> dict:
    return {"github": {"event_name": event_name, "ref": ref, "event": {"repository": {"default_branch": default_branch}}}}


# (경우, 문맥, 게시해야 하는가): 기본 브랜치(포크마다 이름이 다를 수 있음)에 푸시할 때만 게시합니다.
PUBLISH_CASES = [
    ("push-default-main", github("push", "refs/heads/main"), True),
    ("push-default-master", github("push", "refs/heads/master", "master"), True),
    ("push-other-branch", github("push", "refs/heads/feature"), False),
    ("push-main-not-default", github("push", "refs/heads/main", "master"), False),
    ("push-tag", github("push", "refs/tags/v1.0"), False),
    ("pull-request", github("pull_request", "refs/pull/7/merge"), False),
    ("workflow-dispatch", github("workflow_dispatch", "refs/heads/main"), False),
]


def test_workflows_exist():
    assert WORKFLOWS, "워크플로 파일(.github/workflows/*.yml)이 없습니다."


def test_workflows_match_github_schema(tmp_path):
    command = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    result = subprocess.run(command + [str(path) for path in WORKFLOWS], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # 대조군: 스키마에 맞지 않는 워크플로(steps가 목록이 아님)는 거부해야 합니다.
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps: make test\n", encoding="utf-8")
    result = subprocess.run(command + [str(broken)], capture_output=True, text=True)
    assert result.returncode != 0, result.stdout


def zizmor(paths: list[Path]) -> list[dict]:
    # 무시 주석과 설정 파일은 따르지 않고(--no-ignores, --no-config), 가장 엄격한 페르소나로 검사합니다.
    command = [str(BIN / "zizmor"), "--offline", "--no-config", "--no-ignores", "--persona", "pedantic",
               "--format", "json", "--no-exit-codes", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_zizmor_finds_nothing():
    findings = zizmor(WORKFLOWS)
    summary = [f"{f['ident']} ({f['determinations']['severity']}): {f['desc']}: {f['locations'][0]['concrete']['feature']}"
               for f in findings]
    assert findings == [], "\n".join(summary)


def test_zizmor_flags_an_unsafe_workflow(tmp_path):
    unsafe = tmp_path / ".github" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(UNSAFE_WORKFLOW, encoding="utf-8")
    found = {finding["ident"] for finding in zizmor([unsafe])}
    assert {"unpinned-uses", "artipacked", "excessive-permissions", "template-injection"} <= found, found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", path.read_text(encoding="utf-8"), re.M)
    assert uses
    versions = {}
    for reference, comment in uses:
        name, _, ref = reference.partition("@")
        assert SHA.fullmatch(ref), f"{reference}: 커밋 SHA(40자리 16진수)로 고정해야 합니다."
        version = re.fullmatch(r"\s*# (v\d+(?:\.\d+)*)\s*", comment)
        assert version, f"{reference}: 줄 끝에 버전 주석(# vX.Y.Z)이 있어야 합니다."
        # 같은 커밋에는 같은 버전을 적습니다.
        assert versions.setdefault(reference, version.group(1)) == version.group(1), reference


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_expression_inside_shell_scripts(path):
    """`${{ }}`는 셸 스크립트에 글자 그대로 들어가 명령이 될 수 있으므로 run:에는 쓰지 않습니다(env:로 넘김)."""
    workflow = load(path)
    for job_id, index, step in steps_of(workflow):
        assert "${{" not in step.get("run", ""), f"{job_id}의 {index + 1}번째 단계"


def test_default_permissions_are_none():
    for path in WORKFLOWS:
        workflow = load(path)
        assert workflow.get("permissions") == {}, f"{path.name}: 워크플로 전체의 권한은 permissions: {{}}"
        for job_id, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}의 {job_id}: 작업마다 필요한 권한을 적습니다."


@pytest.fixture(scope="module")
def workflow():
    """README의 테스트 명령을 실행하는 워크플로."""
    command = readme_test_command()
    found = [load(path) for path in WORKFLOWS
             if any(command in commands(step) for _, _, step in steps_of(load(path)))]
    assert len(found) == 1, f"README의 테스트 명령 {command!r}을 실행하는 워크플로가 하나여야 합니다."
    return found[0]


def test_runs_on_every_push_and_pull_request(workflow):
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert workflow["on"]["push"] is None, "푸시는 모든 브랜치에서 테스트합니다(포크의 기본 브랜치 이름은 다를 수 있습니다)."
    job_id, job = job_running_tests(workflow)
    assert "if" not in job, f"{job_id}: 테스트 작업은 조건 없이 실행합니다."
    assert job["permissions"] == {"contents": "read"}


def test_test_job_runs_the_readme_test_command_after_setup(workflow):
    job_id, job = job_running_tests(workflow)
    steps = job["steps"]
    assert action(steps[0]) == "actions/checkout"
    assert steps[0]["with"]["persist-credentials"] is False
    order = [command for step in steps for command in commands(step)]
    assert order.index("make setup") < order.index(readme_test_command())
    assert not any(step.get("continue-on-error") for step in steps), "실패한 단계를 넘기면 안 됩니다."


def test_test_job_installs_what_ci_run_installs(workflow):
    """.ci/run이 설치하는 Debian 패키지를 러너에도 설치합니다(러너에 다른 것이 있는 것은 그것을 씁니다)."""
    _, job = job_running_tests(workflow)
    installed = workflow_apt_packages(workflow)
    needed = ci_run_apt_packages()
    assert "dataset-fashion-mnist" in needed  # 대조군: .ci/run을 제대로 읽었는지
    missing = needed - installed - set(RUNNER_SUBSTITUTES)
    assert not missing, f"워크플로가 설치하지 않는 Debian 패키지: {sorted(missing)}"
    actions = {action(step) for step in job["steps"]}
    for package in needed & set(RUNNER_SUBSTITUTES):
        substitute = RUNNER_SUBSTITUTES[package]
        if substitute == "env CHROMIUM":
            assert Path(job["env"]["CHROMIUM"]).is_absolute()  # tests/test_browser.py가 읽는 변수
        else:
            assert substitute in actions, f"{package} 대신 {substitute}"


def test_caches_pip_downloads_keyed_on_the_lock_file(workflow):
    _, job = job_running_tests(workflow)
    [python] = [step for step in job["steps"] if action(step) == "actions/setup-python"]
    assert python["with"]["cache"] == "pip"
    lock = python["with"]["cache-dependency-path"]
    assert f"-r {lock}" in (ROOT / "Makefile").read_text(encoding="utf-8"), "make setup이 설치하는 잠금 파일이어야 합니다."
    # 잠금 파일을 만든 Python과 같은 버전
    lock_python = re.search(r"--python-version (\S+)", (ROOT / lock).read_text(encoding="utf-8")).group(1)
    assert python["with"]["python-version"] == lock_python
    [node] = [step for step in job["steps"] if action(step) == "actions/setup-node"]
    assert node["with"]["cache"] == "npm"
    assert (ROOT / node["with"]["cache-dependency-path"]).is_file()


def test_every_make_target_the_workflow_runs_exists():
    targets = {target for path in WORKFLOWS for _, _, step in steps_of(load(path)) for target in make_targets(step)}
    assert {"setup", "test", "book", "pdf"} <= targets, targets
    for target in sorted(targets) + ["no-such-target"]:
        result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert (result.returncode == 0) == (target != "no-such-target"), f"make {target}: {result.stderr}"


def test_cnn_course_commands_the_workflow_runs_exist():
    for path in WORKFLOWS:
        for _, _, step in steps_of(load(path)):
            for command in commands(step):
                words = shlex.split(command)
                if Path(words[0]).name == "cnn-course":
                    code = f"from cnn_course.cli import main; main({words[1:] + ['--help']!r})"
                    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
                    assert result.returncode == 0, f"{command}: {result.stderr}"


def test_uploads_the_book_and_the_pdf_that_make_builds(workflow):
    _, job = job_running_tests(workflow)
    steps = job["steps"]
    uploads = {step["with"]["path"]: index for index, step in enumerate(steps)
               if action(step) == "actions/upload-artifact"}
    assert set(uploads) == {BOOK_HTML, BOOK_PDF}
    # 책: Makefile의 book이 `jupyter-book build .`로 저장소 맨 위에 만듭니다(_build/html).
    assert re.search(r"^\tjupyter-book build \. ", (ROOT / "Makefile").read_text(encoding="utf-8")
                     .replace("$(BIN)/", ""), re.M)
    # PDF: make pdf가 만드는 파일. 경로는 make pdf의 명령이나 그 명령이 실행하는 스크립트에 적혀 있습니다.
    dry_run = subprocess.run(["make", "-n", "pdf"], cwd=ROOT, capture_output=True, text=True).stdout
    scripts = [ROOT / name for name in re.findall(r"[\w./-]+\.py\b", dry_run) if (ROOT / name).is_file()]
    assert any(BOOK_PDF in text for text in [dry_run] + [script.read_text(encoding="utf-8") for script in scripts])
    assert built_at(steps)["book"] < uploads[BOOK_HTML]
    assert built_at(steps)["pdf"] < uploads[BOOK_PDF]
    for index in uploads.values():
        assert steps[index]["with"]["if-no-files-found"] == "error"


def pages_jobs(workflow: dict) -> list[tuple[str, dict]]:
    return [(job_id, job) for job_id, job in workflow["jobs"].items()
            if any(action(step) == "actions/deploy-pages" for step in job.get("steps", []))]


def test_only_the_pages_job_may_write_pages_and_request_tokens(workflow):
    [(pages_id, pages)] = pages_jobs(workflow)
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["environment"]["name"] == "github-pages"
    assert [action(step) for step in pages["steps"]] == ["actions/configure-pages", "actions/deploy-pages"]
    for job_id, job in workflow["jobs"].items():
        if job_id != pages_id:
            assert not {"pages", "id-token"} & set(job["permissions"]), job_id


@pytest.mark.parametrize("event, context, publish", PUBLISH_CASES, ids=[case[0] for case in PUBLISH_CASES])
def test_publishes_only_from_the_default_branch_after_the_tests(workflow, event, context, publish):
    [(_, pages)] = pages_jobs(workflow)
    test_id, test = job_running_tests(workflow)
    # 테스트 작업이 성공해야만 게시합니다(needs와, always() 같은 상태 함수가 없는 조건).
    assert test_id in ([pages["needs"]] if isinstance(pages["needs"], str) else pages["needs"])
    assert evaluate(pages["if"], context) is publish
    # 게시할 때는 테스트 작업이 만든 책(_build/html)을 Pages 아티팩트로 올려 두어야 합니다.
    [upload] = [step for step in test["steps"] if action(step) == "actions/upload-pages-artifact"]
    assert upload["with"]["path"] == BOOK_HTML
    built = built_at(test["steps"])
    assert max(built["book"], built["pdf"]) < test["steps"].index(upload), "게시할 책이 다 만들어진 뒤에"
    assert evaluate(upload.get("if", "true"), context) is publish
