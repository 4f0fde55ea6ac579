"""`cnn-course grade`: 학생이 낸 노트북을 새 커널에서 실행해 문제마다 채점합니다(이슈 9의 11).

만들어 낸 제출물로 확인합니다: 풀이 노트북, 빈 학생용 노트북, 답 셀에서 예외가 나는 노트북, 채점기 변수를
지우고 바꾼 노트북, 채점 모듈이 없는 노트북, 끝나지 않는 노트북, 인터럽트를 무시하는 노트북, 커널을 죽이는
노트북. 가장 빨리 도는 연습(10, 학습 없음)과 작은 노트북을 씁니다.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest

from cnn_course import cli, grading
from cnn_course.exercises.ex10_explain import q1 as ex10_q1

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "exercises" / "10_explain_solution.ipynb"
STUDENT = ROOT / "exercises" / "10_explain.ipynb"
QUESTIONS = [f"q{n}" for n in range(1, 8)]
ORDER = '["conv1", "conv2", "flatten", "fc1", "fc2", "softmax"]'


def cleared(path: Path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def check_cell(nb, question: str) -> int:
    return next(i for i, cell in enumerate(nb.cells)
                if cell.cell_type == "code" and cell.source.strip() == f"{question}.check()")


def tiny(*sources: str):
    """연습 10의 채점기만 가져오는 작은 노트북(커널이 빨리 뜹니다)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from cnn_course.exercises.ex10_explain import q1, q2")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    nbformat.write(cleared(SOLUTION), folder / "solution.ipynb")
    nbformat.write(cleared(STUDENT), folder / "blank.ipynb")

    broken = cleared(SOLUTION)  # q2의 답 셀이 답을 넣기 전에 예외를 냅니다
    answer = broken.cells[check_cell(broken, "q2") - 1]
    assert "shapes" in answer.source
    answer.source = 'raise RuntimeError("학생의 실수")\n' + answer.source
    nbformat.write(broken, folder / "exception.ipynb")

    deleted = tiny(f"layer_order = {ORDER}", "q1.check()", 'del q1, q2\nq3 = "바꿈"')  # 채점기 변수를 지우고 바꿈
    deleted.cells[0].source += ", q3"
    nbformat.write(deleted, folder / "deleted.ipynb")

    unrelated = nbformat.v4.new_notebook()
    unrelated.cells = [nbformat.v4.new_code_cell("print('연습이 아닌 노트북')")]
    nbformat.write(unrelated, folder / "notes.ipynb")
    return folder


@pytest.fixture(scope="module")
def graded(submissions, tmp_path_factory):
    """CLI로 한 번 채점합니다: (종료 코드, 표준 출력, CSV 줄들, 요약 파일)."""
    out = tmp_path_factory.mktemp("report")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = cli.main(["grade", str(submissions), "--out", str(out / "report.csv"),
                         "--timeout", "300", "--summary", str(out / "summary.txt")])
    with (out / "report.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    return code, printed.getvalue(), rows, (out / "summary.txt").read_text(encoding="utf-8")


def results(rows, name: str) -> dict[str, dict]:
    return {row["question"]: row for row in rows if Path(row["submission"]).name == name}


def test_cli_exits_cleanly_and_writes_one_row_per_notebook_and_question(graded):
    code, _, rows, _ = graded
    assert code == 0
    assert list(rows[0]) == list(grading.CSV_FIELDS)
    assert len(rows) == 4 * len(QUESTIONS) + 1
    assert {row["status"] for row in rows} <= set(grading.STATUSES)


def test_solution_notebook_gets_every_question_right(graded):
    found = results(graded[2], "solution.ipynb")
    assert list(found) == QUESTIONS
    assert all(row["status"] == "correct" and row["exercise"] == "ex10_explain" for row in found.values())
    assert all(row["notes"] == "" for row in found.values())


def test_blank_student_notebook_is_unanswered(graded):
    found = results(graded[2], "blank.ipynb")
    assert [row["status"] for row in found.values()] == ["unanswered"] * len(QUESTIONS)
    assert "____" in found["q1"]["message"]


def test_an_exception_in_an_answer_cell_is_an_error_for_that_question_only(graded):
    found = results(graded[2], "exception.ipynb")
    assert found["q2"]["status"] == "error"
    assert "RuntimeError: 학생의 실수" in found["q2"]["message"]
    assert all(found[q]["status"] == "correct" for q in QUESTIONS if q != "q2")
    assert re.search(r"코드 셀 \d+에서 오류가 났습니다\(RuntimeError: 학생의 실수\)", found["q1"]["notes"])


def test_deleted_or_replaced_checker_variables_are_reported_and_still_graded(graded):
    found = results(graded[2], "deleted.ipynb")
    assert found["q1"]["status"] == "correct"
    assert [found[q]["status"] for q in QUESTIONS[1:]] == ["unanswered"] * 6
    notes = found["q1"]["notes"]
    # 노트북이 쓰던 채점기만 알립니다(q4부터는 가져오지 않았습니다). 조사는 josa로: q2가, q3이.
    assert notes.split(" / ") == ["채점기 변수 q1, q2가 지워져 있었습니다(채점 모듈의 원래 채점기로 채점했습니다).",
                                  "채점기 변수 q3이 다른 값으로 바뀌어 있었습니다(채점 모듈의 원래 채점기로 채점했습니다)."]


def test_a_notebook_without_an_exercise_module_is_reported(graded):
    (row,) = results(graded[2], "notes.ipynb").values()
    assert row["status"] == "error" and row["question"] == "" and "채점 모듈을 찾지 못했습니다" in row["message"]


def test_summary_counts_per_question_how_many_students_got_it_right(graded):
    _, printed, _, written = graded
    assert written.strip() in printed
    assert "채점한 노트북: 5개" in printed
    assert "연습 10 (ex10_explain): 제출 4개" in printed
    table = {line.split()[0]: line.split()[1:] for line in printed.splitlines() if re.match(r"q\d+\s", line)}
    assert table["q1"] == ["3/4명", "0", "1", "0"]  # 맞힘, 틀림, 풀지 않음, 오류
    assert table["q2"] == ["1/4명", "0", "2", "1"]
    assert table["q7"] == ["2/4명", "0", "2", "0"]
    assert "살펴볼 제출:" in printed and "notes.ipynb: 채점 모듈을 찾지 못했습니다" in printed
    for left in ("이(가)", "을(를)", "은(는)", "(으)로"):
        assert left not in printed


def test_an_endless_loop_is_stopped_at_the_timeout_and_the_rest_is_still_graded(tmp_path):
    """끝나지 않는 셀은 인터럽트하고, 그 앞에서 푼 문제는 채점합니다. 커널은 이 파이썬 환경이고,
    인터넷에 나가지 못하며, CNN_COURSE_DATA를 그대로 받습니다(q1의 답이 그것에 달려 있습니다)."""
    nb = tiny(
        "import os, sys, urllib.request\n"
        "try:\n"
        "    urllib.request.urlopen('http://example.com/', timeout=20)\n"
        "    online = True\n"
        "except OSError:\n"
        "    online = False\n"
        f"expected = (False, {sys.executable!r}, {os.environ.get('CNN_COURSE_DATA')!r})\n"
        f"layer_order = {ORDER} if (online, sys.executable, os.environ.get('CNN_COURSE_DATA')) == expected else []",
        "q1.check()",
        "while True:\n    pass",
        "shapes = {}",
        "q2.check()",
    )
    nbformat.write(nb, tmp_path / "loop.ipynb")
    start = time.monotonic()
    report = grading.grade_notebook(tmp_path / "loop.ipynb", timeout=8, check_timeout=20)
    assert time.monotonic() - start < 60
    found = {r.question: r for r in report.results}
    assert found["q1"].status == "correct", found["q1"].message
    assert found["q2"].status == "error" and "시간(8초)이 다 되어" in found["q2"].message
    assert [found[q].status for q in QUESTIONS[2:]] == ["unanswered"] * 5  # 답 셀도 채점 셀도 없는 문제
    assert report.notes == ["8초 안에 끝나지 않아 코드 셀 4에서 멈췄습니다. 그 뒤의 셀은 실행하지 않았습니다."]


def test_a_kernel_that_ignores_the_interrupt_or_dies_is_reported(tmp_path):
    nbformat.write(tiny(f"layer_order = {ORDER}",
                        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"),
                   tmp_path / "stuck.ipynb")
    nbformat.write(tiny(f"layer_order = {ORDER}", "import os\nos._exit(1)"), tmp_path / "dies.ipynb")
    stuck = grading.grade_notebook(tmp_path / "stuck.ipynb", timeout=3, check_timeout=5)
    assert [r.status for r in stuck.results] == ["error"] * len(QUESTIONS)
    assert "인터럽트해도 커널이 멈추지 않아" in stuck.results[0].message
    dies = grading.grade_notebook(tmp_path / "dies.ipynb", timeout=60, check_timeout=5)
    assert [r.status for r in dies.results] == ["error"] * len(QUESTIONS)
    assert "코드 셀 3을 실행하다 커널이 죽었습니다" in dies.notes[-1]


# ---------------------------------------------------------------- 커널 없이


def test_kernel_environment_is_offline_and_keeps_the_data_folder(monkeypatch):
    monkeypatch.setenv("CNN_COURSE_DATA", "/data/mnist")
    monkeypatch.setenv("NO_PROXY", "*")
    env = grading.kernel_environment()
    assert env["CNN_COURSE_DATA"] == "/data/mnist"
    assert env["PYTHONHASHSEED"] == "0" and env["TF_NUM_INTRAOP_THREADS"]
    for name in ("http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        assert env[name] == grading.CLOSED_ADDRESS
    assert env["NO_PROXY"] == "" and env["CNN_COURSE_MIRRORS"].startswith(grading.CLOSED_ADDRESS)


def test_submissions_are_notebooks_or_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.ipynb").write_text("{}")
    (tmp_path / "a" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "a" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    (tmp_path / "y.ipynb").write_text("{}")
    assert grading.find_submissions([tmp_path / "a", tmp_path / "y.ipynb", tmp_path / "a" / "x.ipynb"]) == \
        [tmp_path / "a" / "x.ipynb", tmp_path / "y.ipynb"]
    with pytest.raises(grading.GradingError, match="찾을 수 없습니다"):
        grading.find_submissions([tmp_path / "missing.ipynb"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(grading.GradingError, match="없습니다"):
        grading.find_submissions([tmp_path / "empty"])


def test_cli_refuses_bad_arguments(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path / "missing.ipynb"), "--out", str(tmp_path / "r.csv")]) == 2
    assert "오류: 제출물을 찾을 수 없습니다" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["grade", str(tmp_path), "--timeout", "0"])


def test_exercise_module_comes_from_the_code_or_the_file_name():
    nb = tiny()
    assert grading.exercise_of(nb) == "ex10_explain"
    empty = nbformat.v4.new_notebook()
    assert grading.exercise_of(empty, Path("홍길동_07_smallest_network.ipynb")) == "ex07_smallest_network"
    assert grading.exercise_of(empty, Path("07_smallest_network_solution.ipynb")) == "ex07_smallest_network"
    assert grading.exercise_of(empty, Path("99_nothing.ipynb")) is None


def test_a_question_section_runs_from_the_previous_check_to_its_own():
    nb = tiny("a = 1", "q1.check()", "b = 2", "c = 3", "q2.check()\nq1.check()")
    assert grading.sections(nb, {"q1": (), "q2": ()}) == {"q1": (0, 2), "q2": (3, 5)}


def test_questions_are_listed_from_the_module():
    questions = grading.questions_of("ex10_explain")
    assert list(questions) == QUESTIONS and questions["q1"] == ex10_q1.names


def test_summary_table_lines_up_korean_columns():
    reports = [grading.NotebookReport(Path(f"{n}.ipynb"), "ex10_explain",
                                      [grading.QuestionResult(q, status) for q in QUESTIONS])
               for n, status in enumerate(["correct", "wrong", "unanswered"])]
    text = grading.summary(reports)
    lines = [line for line in text.splitlines() if line.startswith(("문제", "q1"))]
    assert [grading._width(line) for line in lines[:1]] == [grading._width(lines[1])]
    assert lines[1].split() == ["q1", "1/3명", "1", "1", "0"]
    assert "살펴볼 제출" not in text


def test_cli_names_the_grade_extra_when_nbclient_is_missing(tmp_path, capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nbclient" else real(name, *a))
    assert cli.main(["grade", str(tmp_path), "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert "nbclient" in err and "pip install 'cnn-course[grade]'" in err
    assert not (tmp_path / "r.csv").exists()
