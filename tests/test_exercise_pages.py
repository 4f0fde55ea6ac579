"""책 속의 연습 문제(이슈 9의 9, 10): 차례, 8장의 표와 링크, 하나의 번호.

- 차례(_toc.yml)는 부(part)로 나뉩니다: 본문, 연습 문제(8장과 그 절인 문제 노트북 열한 개), 참고, 그리고
  맨 뒤의 풀이(풀이 노트북 열한 개). 풀이는 문제 쪽의 다음/이전 단추로 닿지 않습니다.
- 8장은 연습마다 그 쪽에 {doc} 링크를 걸고, 표의 첫 열은 "연습", 원본 강좌의 번호는 뒤쪽 "원본 문제" 열에만.
- 만든 책에서: 8장이 문제 쪽마다 링크하고, 링크 글(쪽 제목)이 파일 번호와 같은 "연습 N"입니다.
  내려받기와 실행 단추는 tests/test_book.py가 모든 노트북 쪽에서 확인합니다.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
CHAPTER8 = (ROOT / "chapters" / "08_exercises.md").read_text(encoding="utf-8")
STUDENT = sorted(f"exercises/{p.stem}" for p in (ROOT / "exercises").glob("[0-9][0-9]_*.ipynb")
                 if not p.stem.endswith("_solution"))
SOLUTION = sorted(f"exercises/{p.stem}" for p in (ROOT / "exercises").glob("[0-9][0-9]_*_solution.ipynb"))


def files(entries) -> list[str]:
    found = []
    for entry in entries:
        found.append(entry["file"])
        found += files(entry.get("sections", []))
    return found


def part(caption: str) -> dict:
    return next(p for p in TOC["parts"] if p["caption"] == caption)


def test_there_are_eleven_exercises_each_with_a_solution():
    assert len(STUDENT) == 11
    assert SOLUTION == [f"{page}_solution" for page in STUDENT]


def test_toc_has_parts_with_the_solutions_last():
    assert [p["caption"] for p in TOC["parts"]] == ["본문", "연습 문제", "참고", "풀이"]
    exercises = part("연습 문제")["chapters"]
    assert [entry["file"] for entry in exercises] == ["chapters/08_exercises"]
    assert files(exercises[0]["sections"]) == STUDENT
    assert files(part("풀이")["chapters"]) == SOLUTION
    everything = [TOC["root"]] + [page for p in TOC["parts"] for page in files(p["chapters"])]
    assert len(everything) == len(set(everything))
    assert {page for page in everything if page.startswith("exercises/")} == set(STUDENT + SOLUTION)
    assert not any(page.startswith("exercises/") for p in TOC["parts"] if p["caption"] in ("본문", "참고")
                   for page in files(p["chapters"]))


def table(markdown: str, first_header: str) -> list[list[str]]:
    """첫 열 제목이 `first_header`인 Markdown 표의 줄들(머리 줄 포함, 구분 줄 뺌)."""
    rows, inside = [], False
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else None
        if cells and cells[0] == first_header:
            inside = True
        if inside and cells is None:
            break
        if inside and cells and not set(cells[0]) <= set("-: "):
            rows.append(cells)
    return rows


def test_chapter8_lists_every_exercise_by_its_number_with_the_original_numbers_last():
    rows = table(CHAPTER8, "연습")
    header, body = rows[0], rows[1:]
    assert header[0] == "연습" and header[-1] == "원본 문제"
    assert [re.fullmatch(r"\{doc\}`\.\./(exercises/\w+)`", row[0])[1] for row in body] == STUDENT
    originals = [number for row in body for number in re.findall(r"\d+", row[-1])]
    assert sorted(map(int, originals)) == list(range(1, 14))  # 원본의 열세 문제가 모두 한 번씩


def test_chapter8_cites_exercises_only_by_the_single_numbering():
    prose = re.sub(r"\|[^\n]*\|", "", CHAPTER8)  # 표 밖의 글
    assert not re.search(r"연습 문제 \d|문제 \d+번|원본[^\n]{0,10}\d", prose)
    for number in re.findall(r"연습 (\d+)", CHAPTER8):
        assert 1 <= int(number) <= 11
    assert "_solution" not in "".join(re.findall(r"\{doc\}`[^`]*`", CHAPTER8))  # 풀이 쪽으로 가는 링크는 없음


def test_built_chapter8_links_to_every_exercise_page_titled_with_its_number(built_book):
    html = (built_book / "chapters" / "08_exercises.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="reference internal" href="\.\./(exercises/\w+)\.html">'
                       r'<span class="doc">([^<]*)</span></a>', html)
    assert [page for page, _ in links] == STUDENT
    for page, title in links:
        number = int(page.split("/")[1][:2])
        assert re.match(rf"연습 {number}\b", title), f"{page}의 제목이 '연습 {number}'로 시작하지 않습니다: {title}"
        assert (built_book / f"{page}.html").is_file()


def test_exercise_pages_lead_to_each_other_and_not_into_the_solutions(built_book):
    """문제 쪽의 다음 단추는 다음 문제로, 마지막 문제 다음은 참고의 첫 쪽으로 갑니다. 풀이는 참고 뒤에만."""
    reference = [entry["file"] for entry in part("참고")["chapters"]]
    for page, following in zip(STUDENT, STUDENT[1:] + reference[:1]):
        html = (built_book / f"{page}.html").read_text(encoding="utf-8")
        next_link = re.search(r'<a class="right-next"\s+href="([^"]+)"', html)
        assert next_link and next_link[1].endswith(f"{following.split('/')[1]}.html"), page
    solution = (built_book / f"{SOLUTION[0]}.html").read_text(encoding="utf-8")
    last = reference[-1].split("/")[1]
    assert re.search(rf'<a class="left-prev"\s+href="[^"]*{last}\.html"', solution)
