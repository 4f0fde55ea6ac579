"""강사용 채점: 학생이 낸 연습 문제 노트북을 새 커널에서 실행하고 문제마다 결과를 모읍니다.

    cnn-course grade 제출/*.ipynb --out report.csv

노트북마다 이렇게 합니다.

1. 이 파이썬(강좌 패키지를 설치한 환경)으로 새 커널을 띄우고, 노트북의 코드 셀을 위에서 아래로 실행합니다.
   셀에서 오류가 나도 다음 셀로 넘어갑니다. 노트북 하나에 주는 시간(`timeout`)을 넘기면 그 셀을
   중단하고(인터럽트) 나머지 셀은 실행하지 않습니다. 커널은 인터넷에 나가지 않습니다(HTTP 프록시와
   데이터 미러를 닫힌 주소로 돌립니다). 데이터는 `CNN_COURSE_DATA`(와 `CNN_COURSE_FASHION_DATA`),
   학습한 신경망은 `CNN_COURSE_CACHE`에서 찾습니다.
2. 같은 커널에서 문제마다 채점 셀을 하나 더 실행합니다. 채점 셀은 채점 모듈(`cnn_course.exercises.exNN_...`)을
   새로 읽어(학생이 `q1`을 지우거나 바꾸거나 채점기를 고쳐도 상관없게) `qN.feedback(namespace=...)`로
   노트북의 마지막 상태를 채점하고, 결과를 JSON 한 줄로 출력합니다. 채점 하나에는 `check_timeout`초를 줍니다.
3. 결과는 문제마다 correct(맞음), wrong(틀림), unanswered(풀지 않음), error(오류) 가운데 하나입니다.
   맞지 않은 문제의 구간(앞 채점 셀 다음부터 그 문제의 `qN.check()` 셀까지)에서 셀이 오류를 냈거나
   시간이 다 되어 실행하지 못했으면 error입니다. 커널이 죽거나 인터럽트에도 멈추지 않으면 남은 문제는
   모두 error입니다.

오류, 무한 루프, 지워진 채점기 변수는 보고할 뿐 채점을 멈추지 않습니다. 결과는 CSV(노트북 x 문제마다
한 줄)와 문제마다 맞힌 학생 수를 센 한국어 요약 표로 냅니다. 학생의 코드를 강사의 컴퓨터에서 그대로
실행하므로, 믿을 수 없는 제출물은 컨테이너처럼 따로 떨어진 환경에서 채점하세요.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .environment import COURSE_ENVIRONMENT
from .korean import josa

CORRECT, WRONG, UNANSWERED, ERROR = "correct", "wrong", "unanswered", "error"
STATUSES = (CORRECT, WRONG, UNANSWERED, ERROR)
STATUS_LABELS = {CORRECT: "맞음", WRONG: "틀림", UNANSWERED: "풀지 않음", ERROR: "오류"}
CSV_FIELDS = ("submission", "exercise", "question", "status", "message", "notes")
DEFAULT_TIMEOUT = 1800  # 노트북 하나: 캐시가 비어 있으면 학습을 처음부터 하는 연습도 있습니다
DEFAULT_CHECK_TIMEOUT = 120  # 채점 셀 하나(학생의 함수를 부르는 채점기도 있습니다)
CLOSED_ADDRESS = "http://127.0.0.1:9"  # 아무도 듣지 않는 포트: 인터넷에 나가려는 시도는 곧바로 실패합니다
MARK = "@@cnn-course-grade@@"
_STATUS_OF_FEEDBACK = {"correct": CORRECT, "wrong": WRONG, "blank": UNANSWERED}
_MODULE_IMPORT = re.compile(r"\bcnn_course\.exercises\.(ex\d\d_\w+)")
_FILE_NAME = re.compile(r"(\d\d)_([a-z][a-z0-9_]*?)(?:_solution)?$")
_CHECK_CALL = re.compile(r"\b(q\d+)\s*\.\s*check\s*\(")


class GradingError(Exception):
    """채점을 시작할 수 없을 때(노트북이 없음, 채점에 필요한 패키지가 없음)."""


@dataclass
class QuestionResult:
    question: str
    status: str  # correct, wrong, unanswered, error
    message: str = ""
    variable: str = ""  # 노트북의 채점기 변수(qN): "" 그대로, "deleted" 지워짐, "replaced" 다른 값


@dataclass
class NotebookReport:
    """노트북 하나의 채점 결과."""

    path: Path
    exercise: str = ""  # 채점 모듈 이름(예: ex07_smallest_network), 찾지 못하면 ""
    results: list[QuestionResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # 노트북에 생긴 일(오류, 시간 초과, 지워진 채점기 변수)
    seconds: float = 0.0

    def status_of(self, question: str) -> str | None:
        return next((r.status for r in self.results if r.question == question), None)


# ---------------------------------------------------------------- 제출물과 채점 모듈


def find_submissions(paths: list[str | os.PathLike]) -> list[Path]:
    """인자로 받은 노트북과 폴더(안의 *.ipynb, 하위 폴더까지)를 중복 없이 이름 순서로."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for item in sorted(path.rglob("*.ipynb")):
                if ".ipynb_checkpoints" not in item.parts:
                    found[item] = None
        elif path.is_file():
            found[path] = None
        else:
            raise GradingError(f"제출물을 찾을 수 없습니다: {path}")
    if not found:
        raise GradingError("채점할 노트북(.ipynb)이 없습니다.")
    return list(found)


def exercise_of(nb, path: Path | None = None) -> str | None:
    """노트북이 쓰는 채점 모듈 이름. 코드에서 찾고, 없으면 파일 이름(예: 07_smallest_network)에서 찾습니다."""
    from importlib.util import find_spec

    names = [m for cell in nb.cells if cell.cell_type == "code" for m in _MODULE_IMPORT.findall(cell.source)]
    if path is not None:
        match = _FILE_NAME.search(path.stem)
        if match:
            names.append(f"ex{match[1]}_{match[2]}")
    for name in dict.fromkeys(names):
        if find_spec(f"cnn_course.exercises.{name}") is not None:
            return name
    return None


def questions_of(exercise: str) -> dict[str, tuple[str, ...]]:
    """채점 모듈의 문제: {"q1": 답 이름들, ...}(번호 순서)."""
    import importlib

    from .exercises.core import Question

    module = importlib.import_module(f"cnn_course.exercises.{exercise}")
    found = {name: value.names for name, value in vars(module).items()
             if re.fullmatch(r"q\d+", name) and isinstance(value, Question)}
    return dict(sorted(found.items(), key=lambda item: int(item[0][1:])))


def sections(nb, questions) -> dict[str, tuple[int, int]]:
    """문제마다 그 문제를 푸는 셀들의 구간(셀 번호, 양 끝 포함): 앞 채점 셀 다음부터 그 문제의 첫 채점 셀까지."""
    found: dict[str, tuple[int, int]] = {}
    start = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        checked = _CHECK_CALL.findall(cell.source)
        if checked:
            for question in checked:
                if question in questions and question not in found:
                    found[question] = (start, index)
            start = index + 1
    return found


def kernel_environment() -> dict[str, str]:
    """채점 커널의 환경 변수: 지금 환경(데이터와 캐시 위치 포함)에 강좌의 설정, 그리고 인터넷 차단."""
    env = dict(os.environ)
    for name, value in COURSE_ENVIRONMENT.items():
        env.setdefault(name, value)
    env["PYTHONHASHSEED"] = "0"
    for name in ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy"):
        env[name] = env[name.upper()] = CLOSED_ADDRESS
    env["no_proxy"] = env["NO_PROXY"] = ""
    env["CNN_COURSE_MIRRORS"] = CLOSED_ADDRESS + "/"
    env.pop("JPY_PARENT_PID", None)
    return env


# ---------------------------------------------------------------- 커널 안에서 실행하는 채점


_fresh_modules: dict[str, tuple[object, dict]] = {}
_ABSENT = object()


def report_in_kernel(exercise: str, question: str) -> None:
    """(채점 커널 안에서) 노트북의 마지막 상태로 문제 하나를 채점해 `MARK`와 JSON 한 줄을 출력합니다.

    채점 모듈은 노트북마다 한 번 새로 읽습니다(reload). 그래서 학생이 `q1`을 지우거나 다른 값으로 바꾸거나,
    채점기 객체를 고쳤어도 원래 채점기로 채점합니다. 노트북의 `q1`이 원래 채점기가 아니면 알려 줍니다.
    """
    import builtins
    import importlib

    from IPython import get_ipython

    namespace = get_ipython().user_ns
    if exercise not in _fresh_modules:
        name = f"cnn_course.exercises.{exercise}"
        before = sys.modules.get(name)
        originals = dict(vars(before)) if before is not None else {}
        module = importlib.reload(before) if before is not None else importlib.import_module(name)
        _fresh_modules[exercise] = (module, originals)
    module, originals = _fresh_modules[exercise]
    checker = getattr(module, question)
    present = namespace.get(question, _ABSENT)
    if present is _ABSENT:
        variable = "deleted"
    elif present is checker or (question in originals and present is originals[question]):
        variable = ""
    else:
        variable = "replaced"
    feedback = checker.feedback(namespace=namespace)
    result = {"question": question, "status": feedback.status, "message": feedback.message, "variable": variable}
    builtins.print(MARK + json.dumps(result, ensure_ascii=False), flush=True)


# ---------------------------------------------------------------- 노트북 하나 채점


def _kernel_manager_class():
    """이 파이썬(sys.executable)으로 커널을 띄우는 커널 관리자(사용자가 등록한 다른 python3 커널이 아니라)."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class ThisPythonKernelSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                              display_name="cnn-course", language="python")

    class ThisPythonKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _kernel_spec_manager_default(self):
            return ThisPythonKernelSpecs()

    return ThisPythonKernelManager


def _error_of(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', '')}: {output.get('evalue', '')}".strip(": ")[:300]
    return None


def _stdout_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _code_number(nb, index: int) -> int:
    """셀 번호(0부터) -> 코드 셀 가운데 몇 번째인가(1부터). 실행 순서 [N]과 같습니다."""
    return sum(1 for cell in nb.cells[: index + 1] if cell.cell_type == "code")


def grade_notebook(path: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT,
                   check_timeout: float = DEFAULT_CHECK_TIMEOUT) -> NotebookReport:
    """노트북 하나를 새 커널에서 실행하고 채점합니다. 학생의 코드가 무엇을 하든 예외를 일으키지 않습니다."""
    path = Path(path)
    report = NotebookReport(path)
    start = time.monotonic()
    try:
        _grade_into(report, timeout, check_timeout)
    except Exception as error:  # 채점기 바깥의 뜻밖의 문제도 이 노트북의 오류로 보고합니다.
        report.notes.append(f"채점하지 못했습니다({type(error).__name__}: {error})")
        done = {r.question for r in report.results}
        try:
            questions = questions_of(report.exercise) if report.exercise else {}
        except Exception:
            questions = {}
        report.results += [QuestionResult(q, ERROR, "채점하지 못했습니다.") for q in questions if q not in done]
    report.seconds = time.monotonic() - start
    return report


class _Runner:
    """nbclient로 셀 하나씩 실행합니다. 시간이 다 되면 nbclient가 커널을 인터럽트하고 오류 답을 돌려줍니다."""

    TIMED_OUT = "CnnCourseGradingTimeout"

    def __init__(self, client) -> None:
        self.client = client
        self.last_reply: dict = {}
        client.interrupt_on_timeout = True
        client.error_on_timeout = {"ename": self.TIMED_OUT, "evalue": "", "traceback": []}
        client.on_cell_executed = self._remember

    def _remember(self, cell, cell_index, execute_reply) -> None:
        self.last_reply = (execute_reply or {}).get("content", {})

    def run(self, index: int, seconds: float) -> str:
        """셀 `index`를 실행합니다: "ok"(오류가 났어도), "timeout", "dead"(커널이 죽음)."""
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        self.last_reply = {}
        self.client.timeout = max(1, math.ceil(seconds))
        try:
            self.client.execute_cell(self.client.nb.cells[index], index)
        except DeadKernelError:
            return "dead"
        except CellTimeoutError:
            return "timeout"
        return "timeout" if self.last_reply.get("ename") == self.TIMED_OUT else "ok"

    def responsive(self, seconds: float) -> bool:
        """인터럽트한 커널이 다시 답하는지 빈 셀로 확인합니다(셀은 실행 순서대로 처리되므로)."""
        import nbformat

        nb = self.client.nb
        nb.cells.append(nbformat.v4.new_code_cell("None"))
        iopub_timeout, self.client.iopub_timeout = self.client.iopub_timeout, 1  # 빈 셀은 출력이 없습니다
        try:
            return self.run(len(nb.cells) - 1, seconds) == "ok"
        finally:
            self.client.iopub_timeout = iopub_timeout
            nb.cells.pop()


def _grade_into(report: NotebookReport, timeout: float, check_timeout: float) -> None:
    import nbformat
    from nbclient import NotebookClient

    try:
        nb = nbformat.read(report.path, as_version=4)
    except Exception as error:
        report.notes.append(f"노트북을 읽을 수 없습니다({type(error).__name__}: {error})")
        return
    report.exercise = exercise_of(nb, report.path) or ""
    if not report.exercise:
        report.notes.append("채점 모듈을 찾지 못했습니다(코드에 `from cnn_course.exercises.exNN_... import ...`가 "
                            "없고, 파일 이름도 연습 노트북의 이름(예: 07_smallest_network)이 아닙니다).")
        return
    questions = questions_of(report.exercise)
    spans = sections(nb, questions)
    student_cells = len(nb.cells)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    mentioned = {q for q in questions if re.search(rf"\b{q}\b", code)}  # 노트북이 가져오거나 쓰는 채점기
    for question in questions:
        source = f"__import__('cnn_course.grading').grading.report_in_kernel({report.exercise!r}, {question!r})"
        nb.cells.append(nbformat.v4.new_code_cell(source))

    client = NotebookClient(nb, kernel_manager_class=_kernel_manager_class(), kernel_name="python3",
                            allow_errors=True, shutdown_kernel="immediate", record_timing=False,
                            startup_timeout=120, resources={"metadata": {"path": str(report.path.parent.resolve())}})
    runner = _Runner(client)
    probe_seconds = min(max(check_timeout, 5), 30)
    errors: dict[int, str] = {}
    stopped_at: int | None = None  # 시간이 다 되어 멈춘 셀
    broken = ""  # 커널이 죽거나 멈췄으면 그 까닭
    with client.setup_kernel(env=kernel_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        deadline = time.monotonic() + timeout
        for index in range(student_cells):
            cell = nb.cells[index]
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            remaining = deadline - time.monotonic()
            state = runner.run(index, remaining) if remaining > 0 else "timeout"
            if state == "dead":
                broken = f"코드 셀 {josa(_code_number(nb, index), '을/를')} 실행하다 커널이 죽었습니다."
                break
            if state == "timeout":
                stopped_at = index
                report.notes.append(f"{_seconds(timeout)} 안에 끝나지 않아 코드 셀 {_code_number(nb, index)}에서 "
                                    "멈췄습니다. 그 뒤의 셀은 실행하지 않았습니다.")
                if not runner.responsive(probe_seconds):
                    broken = "인터럽트해도 커널이 멈추지 않아 채점하지 못했습니다."
                break
            if (error := _error_of(cell)) is not None:
                errors[index] = error
        for index, error in list(errors.items())[:3]:
            report.notes.append(f"코드 셀 {_code_number(nb, index)}에서 오류가 났습니다({error}).")
        if len(errors) > 3:
            report.notes.append(f"그 밖에 셀 {len(errors) - 3}개에서 오류가 났습니다.")
        for offset, question in enumerate(questions):
            if broken:
                report.results.append(QuestionResult(question, ERROR, broken))
                continue
            index = student_cells + offset
            state = runner.run(index, check_timeout)
            if state == "dead":
                broken = "채점하다 커널이 죽었습니다."
                report.results.append(QuestionResult(question, ERROR, broken))
            elif state == "timeout":
                report.results.append(QuestionResult(question, ERROR, f"채점이 {_seconds(check_timeout)} 안에 "
                                                     "끝나지 않았습니다(학생의 함수가 끝나지 않는지 보세요)."))
                if not runner.responsive(probe_seconds):
                    broken = "채점하다 멈춘 커널이 인터럽트에도 답하지 않아 나머지 문제를 채점하지 못했습니다."
            else:
                report.results.append(_result_of(nb.cells[index], question))
        if broken:
            report.notes.append(broken)

    variables = {"deleted": [], "replaced": []}
    for result in report.results:
        if result.variable in variables and result.question in mentioned:
            variables[result.variable].append(result.question)
    if variables["deleted"]:
        report.notes.append(f"채점기 변수 {josa(', '.join(variables['deleted']), '이/가')} 지워져 있었습니다"
                            "(채점 모듈의 원래 채점기로 채점했습니다).")
    if variables["replaced"]:
        report.notes.append(f"채점기 변수 {josa(', '.join(variables['replaced']), '이/가')} 다른 값으로 바뀌어 "
                            "있었습니다(채점 모듈의 원래 채점기로 채점했습니다).")

    # 맞지 않은 문제의 구간에서 셀이 오류를 냈거나 실행되지 못했으면 error로 봅니다.
    for result in report.results:
        if result.status in (CORRECT, ERROR) or result.question not in spans:
            continue
        first, last = spans[result.question]
        failed = [i for i in errors if first <= i <= last]
        if failed:
            result.status = ERROR
            result.message = (f"코드 셀 {_code_number(nb, failed[0])}에서 오류가 났습니다({errors[failed[0]]}). "
                              f"채점기: {result.message}")
        elif stopped_at is not None and stopped_at <= last:
            result.status = ERROR
            result.message = (f"시간({_seconds(timeout)})이 다 되어 이 문제의 셀을 끝까지 실행하지 못했습니다. "
                              f"채점기: {result.message}")


def _result_of(cell, question: str) -> QuestionResult:
    """채점 셀의 출력에서 결과 JSON을 읽습니다."""
    for line in _stdout_of(cell).splitlines():
        if line.startswith(MARK):
            try:
                found = json.loads(line[len(MARK):])
            except ValueError:
                break
            return QuestionResult(question, _STATUS_OF_FEEDBACK.get(found.get("status"), ERROR),
                                  str(found.get("message", "")), str(found.get("variable", "")))
    return QuestionResult(question, ERROR, f"채점 셀이 결과를 내지 못했습니다({_error_of(cell) or '출력 없음'}).")


def _seconds(seconds: float) -> str:
    return f"{seconds:g}초"


# ---------------------------------------------------------------- 여러 노트북과 보고서


def grade(paths: list[str | os.PathLike], timeout: float = DEFAULT_TIMEOUT,
          check_timeout: float = DEFAULT_CHECK_TIMEOUT, progress=None) -> list[NotebookReport]:
    """제출물(노트북, 폴더)을 하나씩 채점합니다. `progress`는 진행 상황을 한 줄씩 받는 함수."""
    _require_packages()
    submissions = find_submissions(paths)
    reports = []
    for number, path in enumerate(submissions, 1):
        if progress:
            progress(f"[{number}/{len(submissions)}] {path} 채점 중...")
        reports.append(grade_notebook(path, timeout, check_timeout))
        if progress:
            counts = _counts(reports[-1].results)
            found = ", ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUSES if counts[s])
            progress(f"    {reports[-1].seconds:.0f}초: {found or '채점하지 못함'}")
    return reports


def _require_packages() -> None:
    from importlib.util import find_spec

    missing = [name for name in ("nbformat", "nbclient", "ipykernel") if find_spec(name) is None]
    if missing:
        raise GradingError(f"채점에는 {', '.join(missing)} 패키지가 필요합니다. "
                           "강좌 저장소에서 `make setup`으로 만든 가상 환경에서 실행하세요.")


def rows(reports: list[NotebookReport]) -> list[dict[str, str]]:
    """CSV의 줄: 노트북 x 문제마다 하나(채점하지 못한 노트북은 question이 빈 한 줄)."""
    found = []
    for report in reports:
        notes = " / ".join(report.notes)
        common = {"submission": str(report.path), "exercise": report.exercise, "notes": notes}
        if not report.results:
            found.append({**common, "question": "", "status": ERROR,
                          "message": report.notes[0] if report.notes else "채점하지 못했습니다."})
        for result in report.results:
            found.append({**common, "question": result.question, "status": result.status, "message": result.message})
    return found


def write_csv(reports: list[NotebookReport], path: str | os.PathLike) -> Path:
    """CSV로 씁니다(UTF-8, 엑셀이 한글을 알아보도록 BOM을 붙입니다)."""
    path = Path(path)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(rows(reports))
    return path


def _counts(results) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
    return counts


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(header: list[str], body: list[list[str]]) -> list[str]:
    table = [header] + body
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]

    def line(row):
        cells = [cell + " " * (widths[i] - _width(cell)) if i == 0 else " " * (widths[i] - _width(cell)) + cell
                 for i, cell in enumerate(row)]
        return "  ".join(cells).rstrip()

    return [line(header), "  ".join("-" * w for w in widths)] + [line(row) for row in body]


def summary(reports: list[NotebookReport]) -> str:
    """문제마다 맞힌 학생 수를 센 한국어 요약 표와, 문제가 있던 제출의 목록."""
    lines = [f"채점한 노트북: {len(reports)}개"]
    exercises = sorted({r.exercise for r in reports if r.exercise})
    for exercise in exercises:
        group = [r for r in reports if r.exercise == exercise]
        number = int(exercise[2:4])
        lines += ["", f"연습 {number} ({exercise}): 제출 {len(group)}개"]
        body = []
        for question in questions_of(exercise):
            counts = _counts(r for report in group for r in report.results if r.question == question)
            body.append([question, f"{counts[CORRECT]}/{len(group)}명", str(counts[WRONG]),
                         str(counts[UNANSWERED]), str(counts[ERROR])])
        lines += _table(["문제", "맞힘", "틀림", "풀지 않음", "오류"], body)
    unknown = [r for r in reports if not r.exercise]
    troubled = [r for r in reports if r.notes]
    if troubled:
        lines += ["", "살펴볼 제출:"]
        for report in troubled:
            lines.append(f"- {report.path}: " + " ".join(report.notes))
    if unknown:
        lines += ["", f"채점하지 못한 노트북: {len(unknown)}개(위 목록 참고)"]
    return "\n".join(lines)
