"""강사용: 풀이 노트북(exercises/*_solution.ipynb)에서 학생용 노트북을 만듭니다.

    .venv/bin/python tools/make_student_notebooks.py                 # 모두 만들고 실행
    .venv/bin/python tools/make_student_notebooks.py exercises/01_randomness_solution.ipynb
    .venv/bin/python tools/make_student_notebooks.py --solutions     # 풀이도 먼저 다시 실행
    .venv/bin/python tools/make_student_notebooks.py --check         # 커밋한 학생용이 최신인지만 확인
    .venv/bin/python tools/make_student_notebooks.py --solution-data # 풀이 글 데이터 파일만 다시 만듦

원본은 풀이 노트북 하나입니다. 학생용은 이렇게 만듭니다.

- 태그가 `solution`인 셀(실험, 결과 글, 범위 확인)은 뺍니다.
- 코드의 `# BEGIN SOLUTION` ... `# END SOLUTION` 구간은 그 안의 `# STUDENT: ` 줄들로
  바꿉니다(접두어를 떼고). `# STUDENT:` 줄이 없으면 `# 여기에 코드를 쓰세요` 한 줄이 됩니다.
- `이름 = 값  # SOLUTION`으로 끝나는 줄은 `이름 = ____  # 채우세요`가 됩니다.
- 제목 줄의 ` (풀이)`를 지웁니다.
- 나머지 셀은 그대로 옮깁니다. 첫 코드 셀인 설치 셀(tools/set_repository.py가 씁니다)도 그대로입니다.
- 절 제목 앞의 MyST 대상 `(ex07-search-solution)=`은 끝의 `-solution`을 뗀 `(ex07-search)=`이 됩니다.
  책에 두 쪽이 다 실리므로 앵커 이름이 겹치지 않게 풀이 노트북의 대상은 `-solution`으로 끝나게 씁니다.

만든 학생용 노트북은 CI와 같은 환경에서 위에서 아래로 실행해 출력과 함께 저장합니다
(tools/execute_notebooks.py). tests/test_student_notebooks.py가 둘이 맞는지 확인합니다.

`qN.solution()`이 보여 주는 풀이도 풀이 노트북에서 만듭니다(원본이 하나). 풀이 표시가 있는 코드 셀을
표시를 지운 모습(빈칸을 채운 셀)으로 바꾸고, 그 셀이 정의하는 이름이 문제의 답 이름(`Question.names`)이면
그 문제의 풀이로 삼습니다. 답 이름을 정의하지 않는 풀이 셀(도우미 변수 등)은 바로 뒤에 채점하는 문제에
붙습니다. 결과는 패키지의 데이터 파일 cnn_course/exercises/solutions.json에 씁니다
(`--check`는 이 파일이 최신인지도 확인합니다; tests/test_solutions_single_source.py).
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
SOLUTION_SUFFIX = "_solution"
SOLUTION_TAG = "solution"
TITLE_MARK = " (풀이)"
BEGIN, END, STUDENT = "# BEGIN SOLUTION", "# END SOLUTION", "# STUDENT:"
INLINE = re.compile(r"^(?P<indent>\s*)(?P<target>[A-Za-z_][\w, ]*?)\s*=\s*\S.*?\s*# SOLUTION\s*$")
EMPTY_BLOCK = "# 여기에 코드를 쓰세요"
SOLUTIONS_DATA = ROOT / "cnn_course" / "exercises" / "solutions.json"
DATA_NOTE = ("tools/make_student_notebooks.py가 풀이 노트북(exercises/*_solution.ipynb)의 풀이 셀에서 만든 "
             "파일입니다. 손으로 고치지 말고 풀이 노트북을 고친 다음 다시 만드세요.")
MODULE_IMPORT = re.compile(r"^\s*from\s+cnn_course\.exercises\.(ex\w+)\s+import\b", re.M)
CHECK_CALL = re.compile(r"\b(q\d+)\s*\.\s*check\s*\(")
SOLUTION_TARGET = re.compile(r"^(\([\w.:-]+?)-solution\)=[ \t]*$", re.M)


class SourceError(ValueError):
    """풀이 노트북의 표시(마커)가 잘못되었을 때."""


def solution_notebooks() -> list[Path]:
    return sorted(EXERCISES.glob(f"*{SOLUTION_SUFFIX}.ipynb"))


def student_path(solution: Path) -> Path:
    if not solution.stem.endswith(SOLUTION_SUFFIX):
        raise SourceError(f"{solution.name}: 풀이 노트북 이름은 *{SOLUTION_SUFFIX}.ipynb여야 합니다.")
    return solution.with_name(solution.stem[: -len(SOLUTION_SUFFIX)] + ".ipynb")


def student_code(source: str, where: str = "") -> str:
    """코드 셀 하나의 풀이 구간을 빈칸으로 바꿉니다."""
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    for number, line in enumerate(source.splitlines(), 1):
        stripped = line.strip()
        if stripped == BEGIN:
            if block is not None:
                raise SourceError(f"{where} {number}번째 줄: {BEGIN} 안에 또 {BEGIN}이 있습니다.")
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if block is None:
                raise SourceError(f"{where} {number}번째 줄: {BEGIN} 없이 {END}가 나왔습니다.")
            out.extend(block or [indent + EMPTY_BLOCK])
            block = None
        elif block is not None:
            if stripped.startswith(STUDENT):
                text = line.split(STUDENT, 1)[1]
                block.append(indent + (text[1:] if text.startswith(" ") else text))
        elif line.rstrip().endswith("# SOLUTION"):
            match = INLINE.match(line)
            if not match:
                raise SourceError(f"{where} {number}번째 줄: '# SOLUTION'은 '이름 = 값  # SOLUTION' "
                                  f"꼴의 줄에만 씁니다: {line!r}")
            targets = [t.strip() for t in match["target"].split(",")]
            blanks = ", ".join("____" for _ in targets)
            out.append(f"{match['indent']}{match['target'].strip()} = {blanks}  # 채우세요")
        else:
            out.append(line)
    if block is not None:
        raise SourceError(f"{where}: {BEGIN}을 {END}로 닫지 않았습니다.")
    return "\n".join(out)


def solved_code(source: str, where: str = "") -> str | None:
    """코드 셀 하나를 풀이가 채워진 모습으로: 표시(BEGIN/END, STUDENT 줄, `# SOLUTION`)만 지웁니다.

    풀이 표시가 없는 셀이면 None입니다. 표시가 잘못되었으면 `SourceError`(student_code와 같은 검사).
    """
    student_code(source, where)  # 표시 검사
    out: list[str] = []
    marked = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped in (BEGIN, END):
            marked = True
        elif stripped.startswith(STUDENT):
            marked = True
        elif line.rstrip().endswith("# SOLUTION"):
            marked = True
            out.append(line.rstrip()[: -len("# SOLUTION")].rstrip())
        else:
            out.append(line)
    return "\n".join(out).strip("\n") if marked else None


def _python(code: str) -> str:
    """IPython 문법(%matplotlib 같은 매직)을 파이썬으로 바꿉니다."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # IPython이 없으면 그대로
        return code
    return TransformerManager().transform_cell(code)


def defined_names(code: str) -> set[str]:
    """코드가 노트북의 전역에 정의하는 이름(대입, def, class, import, for의 변수)."""
    try:
        tree = ast.parse(_python(code))
    except SyntaxError:
        return set()
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            return  # 함수 안의 이름은 지역 변수입니다
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def checker_module_name(nb) -> str:
    """풀이 노트북이 가져오는 채점 모듈(예: ex07_smallest_network)."""
    found = {m for cell in nb.cells if cell.cell_type == "code" for m in MODULE_IMPORT.findall(cell.source)}
    if len(found) != 1:
        raise SourceError(f"채점 모듈(from cnn_course.exercises.exNN_... import ...)을 하나만 가져와야 합니다: "
                          f"{sorted(found) or '없음'}")
    return found.pop()


def module_questions(module_name: str) -> dict[str, tuple[str, ...]]:
    """채점 모듈의 문제들: {"q1": 답 이름들, ...} (번호 순서)."""
    from cnn_course.exercises.core import Question

    module = importlib.import_module(f"cnn_course.exercises.{module_name}")
    found = {name: value.names for name, value in vars(module).items()
             if re.fullmatch(r"q\d+", name) and isinstance(value, Question)}
    return dict(sorted(found.items(), key=lambda item: int(item[0][1:])))


def solution_texts_of(nb, questions: dict[str, tuple[str, ...]], where: str = "") -> dict[str, str]:
    """노트북 하나의 문제별 풀이 글. `questions`는 {"q1": 답 이름들}.

    풀이 표시가 있는 코드 셀(태그 `solution`이 아닌 셀)마다: 그 셀이 정의하는 이름이 어떤 문제의 답
    이름이면 그 문제(들)에, 아니면 그 셀 다음에 처음 채점하는(`qN.check()`) 문제에 붙입니다.
    """
    parts: dict[str, list[str]] = {q: [] for q in questions}
    checks = [(index, [q for q in CHECK_CALL.findall(cell.source) if q in questions])
              for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    pending: list[str] = []  # 답 이름을 정의하지 않아 다음 채점 셀을 기다리는 풀이 셀들
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or SOLUTION_TAG in cell.metadata.get("tags", []):
            continue
        code = solved_code(cell.source, where=f"{where} 셀 {index + 1}")
        if code is not None:
            names = defined_names(code)
            owners = [q for q, answer in questions.items() if names & set(answer)]
            # 여러 문제의 답 이름을 정의하면(앞 문제의 답을 뒤 문제도 쓰는 경우) 바로 뒤에 채점하는 문제에만.
            following = next((set(checked) & set(owners) for at, checked in checks
                              if at > index and set(checked) & set(owners)), None)
            owners = [q for q in owners if q in following] if following else owners
            if owners:
                for q in owners:
                    parts[q].extend(pending + [code])
                pending = []
            else:
                pending.append(code)
            continue
        checked = [q for q in CHECK_CALL.findall(cell.source) if q in questions]
        if checked and pending:
            parts[checked[0]].extend(pending)
            pending = []
    missing = [q for q, texts in parts.items() if not texts]
    if missing:
        raise SourceError(f"{where}: 풀이 셀을 찾지 못한 문제가 있습니다: {', '.join(missing)}. 답 이름("
                          + "; ".join(f"{q}: {', '.join(questions[q])}" for q in missing)
                          + ")을 정의하는 셀에 풀이 표시(# BEGIN SOLUTION 또는 # SOLUTION)를 하세요.")
    return {q: "\n\n".join(dict.fromkeys(texts)) for q, texts in parts.items()}


def solution_texts(solutions: list[Path]) -> dict[str, dict[str, str]]:
    """풀이 노트북들의 풀이 글: {"ex07_smallest_network": {"q1": "...", ...}, ...}."""
    found: dict[str, dict[str, str]] = {}
    for path in solutions:
        nb = nbformat.read(path, as_version=4)
        where = path.name
        module = checker_module_name(nb)
        found[module] = solution_texts_of(nb, module_questions(module), where=where)
    return dict(sorted(found.items()))


def solution_data(solutions: list[Path], base: dict | None = None) -> dict:
    """데이터 파일의 내용: `base`(지금 파일)의 항목에 `solutions`의 풀이를 새로 덮어씁니다."""
    data = {key: value for key, value in (base or {}).items() if not key.startswith("_")}
    data.update(solution_texts(solutions))
    return {"_note": DATA_NOTE, **dict(sorted(data.items()))}


def read_solution_data(path: Path = SOLUTIONS_DATA) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def dump_solution_data(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_solution_data(solutions: list[Path], path: Path = SOLUTIONS_DATA, partial: bool = False) -> bool:
    """데이터 파일을 새로 씁니다(`partial`이면 다른 노트북의 항목은 지금 파일 그대로). 바뀌었으면 True."""
    text = dump_solution_data(solution_data(solutions, read_solution_data(path) if partial else None))
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def solution_data_in_sync(path: Path = SOLUTIONS_DATA) -> bool:
    """데이터 파일이 모든 풀이 노트북에서 새로 만든 것과 같은지."""
    return path.is_file() and path.read_text(encoding="utf-8") == dump_solution_data(
        solution_data(solution_notebooks()))


def student_title(source: str) -> str:
    lines = source.splitlines()
    if lines and lines[0].startswith("# "):
        lines[0] = lines[0].replace(TITLE_MARK, "")
    return "\n".join(lines)


def student_markdown(source: str) -> str:
    """글 셀: MyST 대상 `(이름-solution)=`을 `(이름)=`으로 바꿉니다(책에서 두 쪽의 앵커가 겹치지 않게)."""
    return SOLUTION_TARGET.sub(r"\1)=", source)


def make_student(solution_nb) -> nbformat.NotebookNode:
    """풀이 노트북에서 (실행하지 않은) 학생용 노트북을 만듭니다."""
    nb = copy.deepcopy(solution_nb)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if SOLUTION_TAG in tags:
            continue
        if cell.cell_type == "code":
            cell.source = student_code(cell.source, where=f"셀 {index + 1}")
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = student_markdown(student_title(cell.source) if not cells else cell.source)
        cells.append(cell)
    nb.cells = cells
    return nb


def comparable(nb) -> list[tuple[str, str, tuple[str, ...]]]:
    """비교할 것: 셀마다 종류, 원본, 태그(출력은 비교하지 않습니다)."""
    return [(c.cell_type, c.source, tuple(c.metadata.get("tags", []))) for c in nb.cells]


def in_sync(solution: Path) -> bool:
    student = student_path(solution)
    if not student.is_file():
        return False
    expected = make_student(nbformat.read(solution, as_version=4))
    return comparable(expected) == comparable(nbformat.read(student, as_version=4))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="풀이 노트북(없으면 exercises/의 모두)")
    parser.add_argument("--check", action="store_true", help="만들지 않고 최신인지만 확인")
    parser.add_argument("--solutions", action="store_true", help="풀이 노트북도 먼저 다시 실행")
    parser.add_argument("--no-execute", action="store_true", help="학생용을 실행하지 않고 저장만")
    parser.add_argument("--solution-data", action="store_true",
                        help=f"풀이 글 데이터 파일({SOLUTIONS_DATA.relative_to(ROOT)})만 다시 만듭니다")
    args = parser.parse_args(argv)
    solutions = [p.resolve() for p in args.paths] or solution_notebooks()

    if args.check:
        stale = [str(student_path(s).relative_to(ROOT)) for s in solutions if not in_sync(s)]
        if not args.paths and not solution_data_in_sync():
            stale.append(str(SOLUTIONS_DATA.relative_to(ROOT)))
        for name in stale:
            print(f"최신이 아님: {name}", file=sys.stderr)
        return 1 if stale else 0

    if write_solution_data(solutions, partial=bool(args.paths)):
        print(f"만듦 {SOLUTIONS_DATA.relative_to(ROOT)}")
    if args.solution_data:
        return 0

    sys.path.insert(0, str(Path(__file__).parent))
    from execute_notebooks import course_environment, execute

    course_environment()
    ok = True
    for solution in solutions:
        if args.solutions and not execute(solution):
            ok = False
            continue
        student = student_path(solution)
        nbformat.write(make_student(nbformat.read(solution, as_version=4)), student)
        if args.no_execute:
            print(f"만듦 {student.relative_to(ROOT)}")
        elif not execute(student):
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
