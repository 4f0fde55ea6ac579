"""풀이의 원본은 풀이 노트북 하나입니다(이슈 9의 7).

- `qN.solution()`의 글은 tools/make_student_notebooks.py가 풀이 노트북의 풀이 셀에서 만들어
  cnn_course/exercises/solutions.json에 적어 둔 것입니다. 그 파일이 커밋한 노트북에서 새로 만든 것과
  같고, 모든 문제에 풀이 글이 있고, 그 글이 문제의 답 이름을 정말 정의하는지 확인합니다.
- 풀이 노트북의 채점 셀은 모듈의 모든 문제를 채점하고, 저장된 출력이 모두 "✅"입니다(풀이가 자기 채점기를
  통과한다는 것을 CI의 실행(nbval)과 함께 명시적으로 확인합니다).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_student_notebooks", ROOT / "tools" / "make_student_notebooks.py")
maker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(maker)

SOLUTIONS = maker.solution_notebooks()
DATA = json.loads(maker.SOLUTIONS_DATA.read_text(encoding="utf-8"))
CHECK_CELL = re.compile(r"^(q\d+)\.check\(\)$")


def ids(paths):
    return [p.name for p in paths]


def module_of(solution: Path) -> str:
    return maker.checker_module_name(nbformat.read(solution, as_version=4))


def test_solution_data_is_up_to_date_with_the_solution_notebooks():
    expected = maker.dump_solution_data(maker.solution_data(SOLUTIONS))
    assert maker.SOLUTIONS_DATA.read_text(encoding="utf-8") == expected, \
        "cnn_course/exercises/solutions.json이 풀이 노트북과 다릅니다: " \
        ".venv/bin/python tools/make_student_notebooks.py --solution-data로 다시 만드세요"
    assert maker.solution_data_in_sync()


def test_solution_data_covers_exactly_the_exercise_modules():
    modules = sorted(p.stem for p in (ROOT / "cnn_course" / "exercises").glob("ex*.py"))
    assert sorted(key for key in DATA if not key.startswith("_")) == modules
    assert sorted(module_of(s) for s in SOLUTIONS) == modules


def test_the_data_file_ships_with_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^"cnn_course\.exercises" = \[.*"solutions\.json".*\]$', pyproject, re.M)
    from importlib.resources import files

    assert json.loads(files("cnn_course.exercises").joinpath("solutions.json").read_text(encoding="utf-8")) == DATA


@pytest.mark.parametrize("solution", SOLUTIONS, ids=ids(SOLUTIONS))
def test_every_question_has_solution_text_that_defines_its_answer_names(solution, capsys):
    module_name = module_of(solution)
    module = importlib.import_module(f"cnn_course.exercises.{module_name}")
    questions = maker.module_questions(module_name)
    assert questions, f"{module_name}에 문제(q1, q2, ...)가 없습니다"
    texts = DATA[module_name]
    assert sorted(texts) == sorted(questions)
    for name, answer_names in questions.items():
        text = texts[name]
        assert text.strip(), f"{module_name}.{name}의 풀이 글이 비었습니다"
        for marker in (maker.BEGIN, maker.END, maker.STUDENT, "# SOLUTION", "____"):
            assert marker not in text, f"{module_name}.{name}의 풀이 글에 {marker!r}가 남았습니다"
        compile(maker._python(text), f"{module_name}.{name}", "exec")  # 파이썬으로 읽히는 코드
        # 풀이 글은 답 이름 가운데 적어도 하나를 정의하고, 나머지는 앞 문제의 풀이가 정의합니다.
        defined = maker.defined_names(text)
        earlier = set().union(*(maker.defined_names(texts[q]) for q in questions if int(q[1:]) < int(name[1:])))
        assert defined & set(answer_names), f"{module_name}.{name}의 풀이가 답 {answer_names}를 정의하지 않습니다"
        assert set(answer_names) <= defined | earlier, f"{module_name}.{name}: 정의되지 않는 답 이름이 있습니다"

        getattr(module, name).solution()
        printed = capsys.readouterr().out
        assert printed == f"풀이:\n{text.strip()}\n", f"{module_name}.{name}.solution()이 생성한 풀이를 보여 주지 않습니다"


def names_used_and_bound(code: str) -> tuple[set[str], set[str]]:
    """코드가 읽는 이름과, 코드 안 어디서든(함수 안, 인자, 컴프리헨션 포함) 묶는 이름."""
    tree = ast.parse(maker._python(code))
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    bound |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    bound |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    bound |= {(a.asname or a.name).split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
              for a in n.names}
    return used, bound


@pytest.mark.parametrize("solution", SOLUTIONS, ids=ids(SOLUTIONS))
def test_solution_text_uses_only_names_the_student_notebook_has(solution):
    """`qN.solution()`을 학생용 노트북에 붙여 넣으면 돕니다: 풀이 글이 읽는 이름은 풀이 글 자신, 앞 문제의
    풀이 글, 또는 학생용 노트북의 코드(설정 셀 등)가 정의합니다."""
    import builtins

    module_name = module_of(solution)
    student = nbformat.read(maker.student_path(solution), as_version=4)
    available = set(dir(builtins)) | {"get_ipython"}
    for cell in student.cells:
        if cell.cell_type == "code":
            available |= maker.defined_names(cell.source)
    missing = {}
    for name, text in DATA[module_name].items():
        used, bound = names_used_and_bound(text)
        if used - bound - available:
            missing[name] = sorted(used - bound - available)
        available |= bound
    assert not missing, f"학생용 노트북에 없는 이름을 쓰는 풀이 글: {missing}"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=ids(SOLUTIONS))
def test_every_question_passes_its_own_checker_in_the_solution_notebook(solution):
    """풀이 노트북에 모듈의 문제마다 `qN.check()` 셀이 있고, 저장된 출력이 "✅"로 시작합니다.

    CI는 이 노트북을 nbval로 다시 실행해 저장된 출력과 비교하므로, 다시 실행해도 모두 통과합니다.
    """
    nb = nbformat.read(solution, as_version=4)
    questions = maker.module_questions(module_of(solution))
    printed: dict[str, str] = {}
    for cell in nb.cells:
        match = CHECK_CELL.match(cell.source.strip()) if cell.cell_type == "code" else None
        if match:
            printed[match[1]] = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    assert sorted(printed) == sorted(questions), "모듈의 모든 문제를 풀이 노트북에서 채점해야 합니다"
    failed = {q: text for q, text in printed.items() if not text.startswith("✅")}
    assert not failed, f"풀이가 자기 채점기를 통과하지 못했습니다: {failed}"


# ---------------------------------------------------------------- 만드는 규칙


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)}) for source, *tags in cells]
    return nb


def test_solved_code_removes_only_the_markers():
    source = "x = 1\n# BEGIN SOLUTION\n# STUDENT: y = ____\ny = x + 1\n# END SOLUTION\nanswer = y  # SOLUTION"
    assert maker.solved_code(source) == "x = 1\ny = x + 1\nanswer = y"
    assert maker.solved_code("print(1)") is None
    with pytest.raises(maker.SourceError):
        maker.solved_code("# BEGIN SOLUTION\nx = 1")


def test_defined_names_are_the_globals_a_cell_defines():
    code = ("import numpy as np\nfrom a.b import c as d\na, (b, e) = 1, (2, 3)\nfor i in range(3):\n    k = i\n"
            "def f(x):\n    local = x\n    return local\nclass C: pass\n[z for z in range(3)]\n%matplotlib inline\n")
    assert maker.defined_names(code) == {"np", "d", "a", "b", "e", "i", "k", "f", "C"}
    assert maker.defined_names("this is not python") == set()


def test_each_solution_cell_goes_to_the_question_whose_answer_it_defines():
    nb = notebook(
        ("from cnn_course.exercises.ex99 import q1, q2",),
        ("helper = 3  # SOLUTION",),                       # 답이 아닌 이름: 다음에 채점하는 q1에
        ("acc = helper * 2  # SOLUTION",),
        ("q1.check()",),
        ("print(acc)\nratio = acc / 2  # SOLUTION",),
        ("q2.check()",),
        ("shown_to_nobody = 1  # SOLUTION", "solution"),   # 태그 solution인 셀은 풀이 글에 넣지 않습니다
    )
    texts = maker.solution_texts_of(nb, {"q1": ("acc",), "q2": ("acc", "ratio")})
    # q2도 acc를 쓰지만, acc를 정의하는 셀은 바로 뒤에 채점하는 q1의 풀이입니다.
    assert texts == {"q1": "helper = 3\n\nacc = helper * 2", "q2": "print(acc)\nratio = acc / 2"}


def test_a_question_without_solution_cells_is_refused():
    nb = notebook(("x = 1  # SOLUTION",), ("q1.check()",), ("q2.check()",))
    with pytest.raises(maker.SourceError, match="q2"):
        maker.solution_texts_of(nb, {"q1": ("x",), "q2": ("y",)})


def test_section_targets_of_the_solution_lose_their_suffix_in_the_student_notebook():
    """책에 풀이와 문제가 다 실리므로 풀이 노트북의 앵커는 `-solution`으로 끝나고, 학생용에서는 그것을 뗍니다."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 연습 7: 제목 (풀이)"),
                nbformat.v4.new_markdown_cell("(ex07-search-solution)=\n## 문제 2. 작은 탐색\n(keep-solution)= 그대로")]
    student = maker.make_student(nb)
    assert [c.source for c in student.cells] == ["# 연습 7: 제목", "(ex07-search)=\n## 문제 2. 작은 탐색\n(keep-solution)= 그대로"]
