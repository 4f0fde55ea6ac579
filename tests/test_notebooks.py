"""커밋한 노트북과 책 원고의 검사: nbval이 증명하지 못하는 것들."""

import re
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for folder in ("chapters", "exercises") for p in (ROOT / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
SOURCES = NOTEBOOKS + sorted((ROOT / "chapters").rglob("*.md")) + sorted((ROOT / "exercises").rglob("*.md"))

# terminology.md의 기계 번역 오류. 어느 것도 책에 나오면 안 됩니다.
MISTRANSLATIONS = [
    "경련층", "경련 층", "경련 필터", "수녀원", "콘블레이어", "합성층", "합성 층", "편견", "역기", "체중",
    "필터-중량", "장족의 진보", "술래", "물에 뜨게", "도면층", "파생상품", "그라데이션", "분화의 체인 규칙",
    "텐더", "디토", "진정한 수업", "줄거리", "등급", "텐서플로 섹션", "텐서플로우 섹션",
]


def ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_was_executed_top_to_bottom_without_errors_or_stderr(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "코드 셀이 없습니다"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), \
        "한 번에 위에서 아래로 실행한 노트북이 아닙니다: make notebooks로 다시 실행하세요"
    for i, cell in enumerate(code, 1):
        tags = set(cell.metadata.get("tags", []))
        for out in cell.outputs:
            assert not (out.output_type == "stream" and out.name == "stderr"), f"코드 셀 {i}에 stderr 출력"
            if out.output_type == "error":
                assert tags & {"raises-exception", "nbval-raises-exception"}, f"코드 셀 {i}에 오류 출력"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_has_a_title(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "markdown")
    assert first.source.lstrip().startswith("# "), "노트북은 '# 제목'으로 시작해야 합니다"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_training_dependent_outputs_are_checked_by_a_range_assert(path):
    """nbval-ignore-output 셀(학습 경로에 따라 달라지는 숫자) 뒤에는 범위를 확인하는 assert 셀이 옵니다."""
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    for i, cell in enumerate(cells):
        tags = set(cell.metadata.get("tags", []))
        if "nbval-ignore-output" in tags:
            nearby = "\n".join(c.source for c in cells[i:i + 2])
            assert re.search(r"^\s*assert ", nearby, re.M), \
                f"코드 셀 {i + 1}(nbval-ignore-output)이나 그다음 셀에 범위 확인(assert)이 없습니다"


def test_no_mistranslation_appears_in_the_book():
    pattern = re.compile("|".join(map(re.escape, MISTRANSLATIONS)))
    found = []
    for path in SOURCES + [ROOT / "README.md"]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (m := pattern.search(line)):
                found.append(f"{path.relative_to(ROOT)}:{n}: {m.group()}")
    assert not found, "기계 번역 오류:\n" + "\n".join(found)


def test_no_tf_compat_v1_in_the_course():
    hits = subprocess.run(["git", "grep", "-l", "compat.v1", "--", "cnn_course", "chapters", "exercises"],
                          cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert hits == []


# 한 개념에 한 표기(이슈 11): 왼쪽을 쓰면 오른쪽으로 고칩니다. 학생이 이렇게 써도 채점기는 받지만
# (cnn_course/exercises/core.py의 SPELLINGS), 강좌의 글에는 한 가지 표기만 씁니다.
SPELLINGS = {
    r"그래디언트(?!\(그레이디언트\))": "그레이디언트",
    r"초기값": "초깃값",
    r"%\s+포인트|퍼센트\s*포인트|%p\b": "%포인트(코드가 출력하는 %p는 괜찮습니다)",
    r"(?<![\w`])\d+x\d+(?![\w`])": "3×3 같은 곱셈 기호(코드 밖의 글)",
    r"몇일": "며칠",
    r"내딛을": "내디딜",
    r"잘 되(?:[는었어지])": "잘되다(붙여 씁니다)",
    r"을\(를\)|이\(가\)|은\(는\)|와\(과\)|\(으\)로": "값에 맞는 조사(cnn_course.korean.josa)",
}


def reader_text(path: Path) -> list[tuple[str, str]]:
    """독자가 읽는 글: 노트북의 마크다운 셀, Markdown 쪽. (어디, 글) 목록."""
    if path.suffix == ".md":
        return [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))]
    nb = nbformat.read(path, as_version=4)
    return [(f"{path.relative_to(ROOT)} 셀 {i}", cell.source)
            for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]


def test_each_term_has_one_spelling_in_what_readers_read():
    patterns = {re.compile(pattern): fix for pattern, fix in SPELLINGS.items()}
    found = []
    for path in SOURCES:
        for where, text in reader_text(path):
            prose = re.sub(r"`[^`\n]*`|\$[^$\n]*\$", "", text)  # 코드와 수식은 빼고 글만
            for pattern, fix in patterns.items():
                if (m := pattern.search(prose)):
                    found.append(f"{where}: {m.group()!r} -> {fix}")
    assert not found, "표기를 하나로:\n" + "\n".join(found)
