"""tools/lesson_times.py(수업 시간 표)와 강사용 안내에 커밋한 표의 확인."""

import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import lesson_times  # noqa: E402

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests">
  <testsuite name="pytest" errors="0" failures="0" skipped="0" tests="7" time="99.0"
             timestamp="2026-12-02T05:55:00.123456+00:00" hostname="course-ci">
    <testcase classname="chapters.02_mnist_data.ipynb" name="Cell 0" time="4.250" />
    <testcase classname="chapters.02_mnist_data.ipynb" name="Cell 1" time="0.500" />
    <testcase classname="chapters.02_mnist_data.ipynb" name="Cell 2" time="1.000">
      <skipped message="skip" />
    </testcase>
    <testcase classname="exercises.01_randomness_solution.ipynb" name="Cell 0" time="70.0" />
    <testcase classname="exercises.01_randomness_solution.ipynb" name="Cell 5" time="5.125" />
    <testcase classname="tests.test_data" name="test_loads_mnist" time="12.0" />
    <testcase file="exercises/01_randomness.ipynb" classname="exercises.01_randomness.ipynb"
              name="Cell 3" time="2.0" />
  </testsuite>
</testsuites>
"""


@pytest.fixture
def junit(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT, encoding="utf-8")
    return path


def test_notebook_times_are_summed_per_notebook_and_other_tests_are_left_out(junit):
    measured = lesson_times.read_junit(junit)
    assert measured.seconds == pytest.approx({
        "chapters/02_mnist_data": 5.75,
        "exercises/01_randomness_solution": 75.125,
        "exercises/01_randomness": 2.0,
    })
    assert measured.timestamp.startswith("2026-12-02T05:55")
    assert measured.hostname == "course-ci"


def test_a_single_testsuite_root_is_read_too(tmp_path):
    path = tmp_path / "one.xml"
    path.write_text('<testsuite timestamp="2026-01-01T00:00:00"><testcase classname="chapters.03_convolution.ipynb"'
                    ' name="Cell 0" time="3"/></testsuite>', encoding="utf-8")
    assert lesson_times.read_junit(path).seconds == {"chapters/03_convolution": 3.0}


@pytest.mark.parametrize("seconds, text", [
    (0.2, "1초"), (42.4, "42초"), (42.5, "43초"), (59.4, "59초"), (59.6, "1분"), (64, "1분"),
    (65, "1분 10초"), (125, "2분 10초"), (594, "9분 50초"), (595, "10분"), (629, "10분"), (630, "11분"),
    (3600, "60분"),
])
def test_execution_times_are_rounded_to_a_readable_step(seconds, text):
    assert lesson_times.format_seconds(seconds) == text
    step = 1 if seconds < 59.5 else 10 if seconds < 595 else 60  # 반올림 단위
    assert abs(lesson_times.parse_duration(text) - seconds) <= max(step / 2, 0.8)


@pytest.mark.parametrize("characters, minutes", [(0, 1), (1, 1), (500, 1), (501, 2), (10_749, 22)])
def test_reading_minutes_are_rounded_up(characters, minutes):
    assert lesson_times.CHARACTERS_PER_MINUTE == 500
    assert lesson_times.reading_minutes(characters) == minutes


def test_parse_duration_rejects_what_is_not_a_duration():
    for text in ("", "-", "분", "3 minutes"):
        with pytest.raises(ValueError):
            lesson_times.parse_duration(text)


def test_reading_counts_prose_and_leaves_out_code_markup_and_addresses():
    markdown = textwrap.dedent("""\
        (stride)=
        ## 가나

        다라 **마바** [사아](https://example.org/long/address) {term}`자차` {doc}`카타 <06_training>`

        ```python
        print("코드는 읽는 시간에 넣지 않습니다")
        ```

        ```{note}
        :class: tip
        파하
        ```

        1. 목록 안의 블록도 빼고

           ```bash
           make test  # 설명
           ```

        <!-- 주석도 넣지 않습니다 -->
        $\\frac{a}{b}$
        """)
    text = lesson_times.prose(markdown)
    assert "코드" not in text and "주석" not in text and "example" not in text and "stride" not in text
    assert "frac" not in text and "class" not in text and "06_training" not in text and "make" not in text
    # 가나 다라 마바 사아 자차 카타 파하 / 목록 안의 블록도 빼고 / a b
    assert lesson_times.character_count(markdown) == 14 + 9 + 2


def test_the_guide_table_is_rewritten_between_its_markers(tmp_path, junit):
    guide = tmp_path / "guide.md"
    guide.write_text(f"# 안내\n\n앞 글\n\n{lesson_times.START}\n낡은 표\n{lesson_times.END}\n\n뒤 글\n", encoding="utf-8")
    lesson_times.update_guide(guide, f"{lesson_times.START}\n새 표\n{lesson_times.END}")
    assert guide.read_text(encoding="utf-8") == \
        f"# 안내\n\n앞 글\n\n{lesson_times.START}\n새 표\n{lesson_times.END}\n\n뒤 글\n"
    guide.write_text("표시가 없는 쪽\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        lesson_times.update_guide(guide, "새 표")


def test_a_junit_file_without_some_notebook_is_refused(junit):
    with pytest.raises(KeyError, match="nbval"):
        lesson_times.block(lesson_times.read_junit(junit))


# ---------------------------------------------------------------- 커밋한 표


def committed_rows() -> dict[str, list[str]]:
    """안내 쪽의 표: {쪽(chapters/06_training): [읽기, 실행, (풀이 실행)]}."""
    text = lesson_times.GUIDE.read_text(encoding="utf-8")
    assert text.count(lesson_times.START) == 1 and text.count(lesson_times.END) == 1, "표의 두 표시가 한 번씩"
    table = text[text.index(lesson_times.START):text.index(lesson_times.END)]
    rows = {}
    for line in table.splitlines():
        match = re.match(r"\|\s*\{doc\}`([^`]+)`\s*\|(.*)\|\s*$", line)
        if match:
            page = (Path("chapters") / match[1]).as_posix()
            page = re.sub(r"^chapters/\.\./", "", page)
            rows[page] = [cell.strip() for cell in match[2].split("|")]
    return rows


def toc_notebooks(part_kind: str) -> list[str]:
    parts = lesson_times.toc_parts()
    pages = [page for part in parts.values() for page in part]
    notebooks = [page for page in pages if lesson_times.page_path(page).suffix == ".ipynb"]
    solutions = [page for page in notebooks if page.endswith(lesson_times.SOLUTION_SUFFIX)]
    if part_kind == "solution":
        return solutions
    return [page for page in notebooks if page not in solutions]


def test_the_committed_table_lists_every_notebook_of_the_book_with_plausible_times():
    rows = committed_rows()
    for page in toc_notebooks("notebook"):
        assert page in rows, f"강사용 안내의 표에 없는 쪽: {page}. python tools/lesson_times.py로 다시 만드세요"
        reading, running = rows[page][:2]
        assert 1 <= lesson_times.parse_duration(reading) / 60 <= 60, f"{page}의 읽기 시간 {reading}"
        assert 1 <= lesson_times.parse_duration(running) <= 60 * 60, f"{page}의 실행 시간 {running}"
    for solution in toc_notebooks("solution"):
        page = solution.removesuffix(lesson_times.SOLUTION_SUFFIX)
        assert page in rows and len(rows[page]) == 3, f"표에 {solution}의 실행 시간 열이 없습니다"
        assert 1 <= lesson_times.parse_duration(rows[page][2]) <= 60 * 60, f"{solution}의 실행 시간"


def test_the_committed_reading_times_match_the_pages_as_they_are_now():
    """글을 크게 고친 뒤에는 표도 새로 만들어야 합니다(반올림 차이는 봐줍니다)."""
    for page, cells in committed_rows().items():
        now = lesson_times.reading_minutes(
            lesson_times.character_count(lesson_times.page_markdown(lesson_times.page_path(page))))
        committed = lesson_times.parse_duration(cells[0]) / 60
        assert abs(committed - now) <= max(2, 0.25 * now), \
            f"{page}: 표의 읽기 {committed:g}분, 지금 글로는 {now}분. python tools/lesson_times.py로 다시 만드세요"


def test_the_committed_table_says_where_and_when_it_was_measured():
    text = lesson_times.GUIDE.read_text(encoding="utf-8")
    table = text[text.index(lesson_times.START):text.index(lesson_times.END)]
    assert re.search(r"잰 때: \d{4}-\d\d-\d\d \d\d:\d\d", table)
    assert re.search(r"잰 컴퓨터: .+, 논리 코어 \d+개", table)
    assert f"분당 {lesson_times.CHARACTERS_PER_MINUTE}자" in table
