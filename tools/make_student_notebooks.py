"""강사용: 풀이 노트북(exercises/*_solution.ipynb)에서 학생용 노트북을 만듭니다.

    .venv/bin/python tools/make_student_notebooks.py                 # 모두 만들고 실행
    .venv/bin/python tools/make_student_notebooks.py exercises/01_randomness_solution.ipynb
    .venv/bin/python tools/make_student_notebooks.py --solutions     # 풀이도 먼저 다시 실행
    .venv/bin/python tools/make_student_notebooks.py --check         # 커밋한 학생용이 최신인지만 확인

원본은 풀이 노트북 하나입니다. 학생용은 이렇게 만듭니다.

- 태그가 `solution`인 셀(실험, 결과 글, 범위 확인)은 뺍니다.
- 코드의 `# BEGIN SOLUTION` ... `# END SOLUTION` 구간은 그 안의 `# STUDENT: ` 줄들로
  바꿉니다(접두어를 떼고). `# STUDENT:` 줄이 없으면 `# 여기에 코드를 쓰세요` 한 줄이 됩니다.
- `이름 = 값  # SOLUTION`으로 끝나는 줄은 `이름 = ____  # 채우세요`가 됩니다.
- 제목 줄의 ` (풀이)`를 지웁니다.

만든 학생용 노트북은 CI와 같은 환경에서 위에서 아래로 실행해 출력과 함께 저장합니다
(tools/execute_notebooks.py). tests/test_student_notebooks.py가 둘이 맞는지 확인합니다.
"""

from __future__ import annotations

import argparse
import copy
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


def student_title(source: str) -> str:
    lines = source.splitlines()
    if lines and lines[0].startswith("# "):
        lines[0] = lines[0].replace(TITLE_MARK, "")
    return "\n".join(lines)


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
        elif cell.cell_type == "markdown" and not cells:
            cell.source = student_title(cell.source)
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
    args = parser.parse_args(argv)
    solutions = [p.resolve() for p in args.paths] or solution_notebooks()

    if args.check:
        stale = [str(student_path(s).relative_to(ROOT)) for s in solutions if not in_sync(s)]
        for name in stale:
            print(f"최신이 아님: {name}", file=sys.stderr)
        return 1 if stale else 0

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
