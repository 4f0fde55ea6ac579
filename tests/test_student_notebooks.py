"""학생용 노트북은 풀이 노트북에서 tools/make_student_notebooks.py로 만듭니다. 커밋한 둘이
맞는지(원본과 태그), 학생용에 풀이가 남지 않았는지, 채점 셀이 제대로 답했는지 확인합니다."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_student_notebooks", ROOT / "tools" / "make_student_notebooks.py")
maker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(maker)

SOLUTIONS = maker.solution_notebooks()
CHECK_CELL = re.compile(r"^q\d+\.check\(\)$")


def ids(paths):
    return [p.name for p in paths]


def read(path: Path):
    return nbformat.read(path, as_version=4)


def check_outputs(nb) -> list[str]:
    """`qN.check()` 셀마다 출력한 글."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code" and CHECK_CELL.match(cell.source.strip()):
            found.append("".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream"))
    return found


def test_there_are_exercise_notebooks():
    assert SOLUTIONS, "exercises/*_solution.ipynb가 없습니다"


def test_every_exercise_notebook_is_a_solution_or_generated_from_one():
    notebooks = sorted((ROOT / "exercises").glob("*.ipynb"))
    expected = sorted(SOLUTIONS + [maker.student_path(s) for s in SOLUTIONS])
    assert notebooks == expected


@pytest.mark.parametrize("solution", SOLUTIONS, ids=ids(SOLUTIONS))
def test_committed_student_notebook_matches_its_solution(solution):
    student = maker.student_path(solution)
    assert student.is_file(), f"{student.name}이 없습니다: tools/make_student_notebooks.py를 실행하세요"
    expected = maker.comparable(maker.make_student(read(solution)))
    assert maker.comparable(read(student)) == expected, \
        f"{student.name}이 풀이와 맞지 않습니다: tools/make_student_notebooks.py {solution.relative_to(ROOT)}"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=ids(SOLUTIONS))
def test_student_notebook_has_blanks_and_no_solution_left(solution):
    nb = read(maker.student_path(solution))
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "____" in code
    for marker in (maker.BEGIN, maker.END, maker.STUDENT, "# SOLUTION"):
        assert marker not in code
    assert not any(maker.SOLUTION_TAG in c.metadata.get("tags", []) for c in nb.cells)
    assert "(풀이)" not in nb.cells[0].source.splitlines()[0]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=ids(SOLUTIONS))
def test_checks_answer_not_attempted_for_students_and_correct_for_solutions(solution):
    solved = check_outputs(read(solution))
    unsolved = check_outputs(read(maker.student_path(solution)))
    assert solved and len(solved) == len(unsolved)
    assert all(text.startswith("✅ 맞았어요!") for text in solved), solved
    assert all(text.startswith("✏️ 아직 풀지 않았어요.") for text in unsolved), unsolved


@pytest.mark.parametrize("solution", SOLUTIONS, ids=ids(SOLUTIONS))
def test_every_question_of_the_module_is_checked_in_the_notebook(solution):
    nb = read(solution)
    setup = next(c.source for c in nb.cells if c.cell_type == "code" and "cnn_course.exercises." in c.source)
    assert setup == [c.source for c in nb.cells if c.cell_type == "code"][1], "설치 셀 다음이 설정 셀이어야 합니다"
    imports = re.findall(r"from cnn_course\.exercises\.(ex\w+) import ([\w, ]+)", setup)
    assert imports, "설정 셀에서 채점 모듈을 가져오지 않습니다"
    assert {module for module, _ in imports} == {"ex" + solution.stem.removesuffix(maker.SOLUTION_SUFFIX)}
    imported = [name.strip() for _, names in imports for name in names.split(",")
                if re.fullmatch(r"q\d+", name.strip())]
    checked = [c.source.strip().removesuffix(".check()") for c in nb.cells
               if c.cell_type == "code" and CHECK_CELL.match(c.source.strip())]
    assert checked == imported


@pytest.mark.parametrize("solution", SOLUTIONS, ids=ids(SOLUTIONS))
def test_student_notebook_keeps_the_install_cell_of_its_solution(solution):
    """첫 코드 셀(설치 셀, tools/set_repository.py)은 학생용에도 그대로, 첫 코드 셀로 남습니다."""
    solved, student = read(solution), maker.make_student(read(solution))
    first = [next(c for c in nb.cells if c.cell_type == "code") for nb in (solved, student)]
    assert "%pip install" in first[0].source and first[0].metadata.get("tags") == ["remove-cell"]
    assert (first[1].source, first[1].metadata.get("tags"), first[1].get("id")) == (
        first[0].source, first[0].metadata.get("tags"), first[0].get("id"))


def test_block_is_replaced_by_its_student_lines():
    source = "x = 1\n# BEGIN SOLUTION\n# STUDENT: y = ____\ny = x + 1\n# END SOLUTION\nprint(y)"
    assert maker.student_code(source) == "x = 1\ny = ____\nprint(y)"


def test_indented_block_without_student_lines_becomes_a_comment():
    source = "def f(x):\n    # BEGIN SOLUTION\n    return x\n    # END SOLUTION"
    assert maker.student_code(source) == "def f(x):\n    # 여기에 코드를 쓰세요"


def test_inline_solution_becomes_a_blank():
    assert maker.student_code('answer = "b"  # SOLUTION') == "answer = ____  # 채우세요"
    assert maker.student_code("a, b = 1, 2  # SOLUTION") == "a, b = ____, ____  # 채우세요"


@pytest.mark.parametrize("source", [
    "# BEGIN SOLUTION\nx = 1",
    "x = 1\n# END SOLUTION",
    "# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION",
    "print(1)  # SOLUTION",
])
def test_broken_markers_are_refused(source):
    with pytest.raises(maker.SourceError):
        maker.student_code(source)


def test_solution_cells_are_dropped_and_the_title_loses_its_mark():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 연습 (풀이)\n본문"),
                nbformat.v4.new_code_cell("x = 1  # SOLUTION"),
                nbformat.v4.new_code_cell("print(x)", metadata={"tags": ["solution"]})]
    student = maker.make_student(nb)
    assert [c.source for c in student.cells] == ["# 연습\n본문", "x = ____  # 채우세요"]
