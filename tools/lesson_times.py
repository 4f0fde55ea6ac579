"""강사용: 장과 연습마다 읽는 시간과 실행 시간을 재어 강사용 안내(chapters/instructors.md)의 표를 새로 씁니다.

    .venv/bin/python tools/lesson_times.py test-output/junit.xml
    .venv/bin/python tools/lesson_times.py test-output/junit.xml --note "다른 작업과 함께 잰 값"
    .venv/bin/python tools/lesson_times.py test-output/junit.xml --print   # 쪽은 그대로 두고 표만 출력

- 실행 시간은 재어 얻습니다. pytest의 `--junitxml`이 남긴 JUnit XML에서 nbval 항목
  (`chapters/06_training.ipynb::Cell 12`)의 시간을 노트북마다 더합니다. 항목의 시간은 준비, 실행, 정리를
  모두 더한 것이라(pytest의 기본 `junit_duration_report = total`) 커널을 띄우고 닫는 시간도 들어갑니다.
  `make test`가 test-output/junit.xml을 남깁니다.
- 읽는 시간은 쪽의 글(노트북의 마크다운 셀, Markdown 쪽)의 글자 수를 `CHARACTERS_PER_MINUTE`로 나눈
  값입니다. 코드 셀, 코드 블록, 수식 명령, 링크 주소, MyST 표시는 세지 않습니다.
- 표는 안내 쪽의 `<!-- lesson-times:start -->`와 `<!-- lesson-times:end -->` 사이에 씁니다. 잰 날짜
  (XML의 timestamp), 이 컴퓨터의 CPU와 코어 수, TensorFlow 버전을 함께 적습니다. XML은 이 컴퓨터에서
  만든 것이어야 합니다(XML의 hostname이 다르면 알려 줍니다).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import socket
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "chapters" / "instructors.md"
START, END = "<!-- lesson-times:start -->", "<!-- lesson-times:end -->"
SOLUTION_SUFFIX = "_solution"

# 한국어 글을 읽는 빠르기(분당 글자 수, 공백 제외). 근거:
# - Medium 도움말 "Read time"(help.medium.com/hc/en-us/articles/214991667): 중국어, 일본어, 한국어 글의
#   읽는 시간을 분당 500자로 계산합니다.
# - 송지호, 김재형, 형성민(2016), "한국어 읽기 속도 측정 애플리케이션의 유효성 및 정상인의 읽기 속도에 대한
#   사전연구", 대한안과학회지 57(4):642-649: 성인 42명이 짧은 문장(평균 18.9자, 6.5어절)을 속으로 읽는
#   빠르기가 분당 202.3어절, 곧 분당 약 590자였습니다.
# 강좌의 글은 수식과 처음 보는 용어가 있는 설명문이라 짧은 일상 문장보다 느리게 읽으므로 500자를 씁니다.
CHARACTERS_PER_MINUTE = 500

_NOTEBOOK_CLASS = re.compile(r"^(?P<stem>.+)\.ipynb$")


# ---------------------------------------------------------------- 실행 시간: JUnit XML


@dataclass
class Measurement:
    """JUnit XML 하나에서 읽은 것."""

    seconds: dict[str, float]  # 노트북(확장자 없는 경로, 예: chapters/06_training) -> 초
    timestamp: str  # 테스트를 시작한 때(XML의 timestamp), 없으면 ""
    hostname: str  # 테스트를 돌린 컴퓨터(XML의 hostname), 없으면 ""


def notebook_of(testcase: ElementTree.Element) -> str | None:
    """nbval 항목의 노트북(예: chapters/06_training). 노트북 항목이 아니면 None.

    pytest는 항목 `chapters/06_training.ipynb::Cell 12`를 classname `chapters.06_training.ipynb`,
    name `Cell 12`로 적습니다(xunit1 형식이면 file 속성에 경로도 적습니다). 강좌의 노트북 이름에는
    점이 없으므로 classname의 점은 폴더 구분입니다.
    """
    file = testcase.get("file", "")
    if file.endswith(".ipynb"):
        return Path(file).with_suffix("").as_posix()
    match = _NOTEBOOK_CLASS.match(testcase.get("classname", ""))
    if match is None:
        return None
    return match["stem"].replace(".", "/")


def read_junit(path: str | os.PathLike) -> Measurement:
    """노트북마다 nbval 항목 시간의 합(초)."""
    root = ElementTree.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    seconds: dict[str, float] = {}
    for testcase in root.iter("testcase"):
        notebook = notebook_of(testcase)
        if notebook is not None:
            seconds[notebook] = seconds.get(notebook, 0.0) + float(testcase.get("time") or 0)
    first = suites[0] if suites else root
    return Measurement(seconds, first.get("timestamp", ""), first.get("hostname", ""))


# ---------------------------------------------------------------- 읽는 시간: 쪽의 글


_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>[^\n]*)\n(?P<body>.*?)^[ \t]*(?P=fence)[ \t]*$",
                    re.M | re.S)
_CODE_DIRECTIVE = re.compile(r"^\s*\{(code-cell|code-block|code|literalinclude|eval-rst|raw|math)\}")
_DIRECTIVE_OPTION = re.compile(r"^[ \t]*:[\w-]+:.*$", re.M)
_DISPLAY_MATH = re.compile(r"\$\$(.*?)\$\$", re.S)
_INLINE_MATH = re.compile(r"\$([^$\n]+)\$")
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+|[{}^_&\\]")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TARGET = re.compile(r"^\(\s*[\w.:-]+\s*\)=\s*$", re.M)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ROLE_WITH_TARGET = re.compile(r"\{[\w:.-]+\}`([^`<]*?)\s*<[^`>]*>`")
_ROLE = re.compile(r"\{[\w:.-]+\}`([^`]*)`")
_URL = re.compile(r"https?://\S+")
_MARKUP = re.compile(r"[`*#|>]|:?-{3,}:?|^\s*[-+]\s|^\s*\d+\.\s", re.M)


def _fence(match: re.Match) -> str:
    """코드 블록은 지우고, 글이 든 지시문(note, tip, admonition ...)은 안의 글만 남깁니다."""
    info = match["info"].strip()
    if match["fence"].startswith(":") or (info.startswith("{") and not _CODE_DIRECTIVE.match(info)):
        return _DIRECTIVE_OPTION.sub("", match["body"])
    return ""


def prose(markdown: str) -> str:
    """Markdown에서 독자가 글로 읽는 부분만: 코드, 주석, 링크 주소, 수식 명령, MyST 표시를 뺍니다."""
    text = _COMMENT.sub("", markdown)
    previous = None
    while previous != text:  # 지시문 안의 코드 블록까지
        previous, text = text, _FENCE.sub(_fence, text)
    text = _TARGET.sub("", text)
    text = _DISPLAY_MATH.sub(lambda m: _TEX_COMMAND.sub(" ", m[1]), text)
    text = _INLINE_MATH.sub(lambda m: _TEX_COMMAND.sub(" ", m[1]), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _ROLE_WITH_TARGET.sub(r"\1", text)
    text = _ROLE.sub(r"\1", text)
    text = _URL.sub("", text)
    return _MARKUP.sub(" ", text)


def character_count(markdown: str) -> int:
    """읽는 글자 수: `prose`의 공백이 아닌 글자."""
    return sum(1 for ch in prose(markdown) if not ch.isspace())


def page_markdown(path: Path) -> str:
    """쪽의 Markdown: 노트북이면 마크다운 셀들, .md 쪽이면 파일 전체."""
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        return "\n\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def reading_minutes(characters: int, rate: float = CHARACTERS_PER_MINUTE) -> int:
    """읽는 시간(분): 올림, 적어도 1분."""
    return max(1, math.ceil(characters / rate))


# ---------------------------------------------------------------- 시간을 글로


def _nearest(value: float) -> int:
    """반올림(0.5는 올림; 파이썬의 round는 짝수 쪽으로 보냅니다)."""
    return math.floor(value + 0.5)


def format_seconds(seconds: float) -> str:
    """실행 시간: 1분 미만은 초 단위, 10분 미만은 10초 단위, 그 이상은 분 단위로 반올림합니다."""
    if seconds < 59.5:
        return f"{max(1, _nearest(seconds))}초"
    if seconds < 595:
        minutes, rest = divmod(_nearest(seconds / 10) * 10, 60)
        return f"{minutes}분" + (f" {rest}초" if rest else "")
    return f"{_nearest(seconds / 60)}분"


def parse_duration(text: str) -> float:
    """`format_seconds`나 "12분"의 글을 초로(표를 확인하는 테스트가 씁니다)."""
    match = re.fullmatch(r"\s*(?:(\d+)분)?\s*(?:(\d+)초)?\s*", text)
    if match is None or not any(match.groups()):
        raise ValueError(f"시간이 아닙니다: {text!r}")
    return int(match[1] or 0) * 60 + int(match[2] or 0)


# ---------------------------------------------------------------- 차례와 표


def toc_parts(toc_path: Path = ROOT / "_toc.yml") -> dict[str, list[str]]:
    """_toc.yml의 부(caption)마다 쪽 목록(차례대로, 절 포함). 첫 쪽(root)은 첫 부에 넣습니다."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))

    def files(entry) -> list[str]:
        found = [entry["file"]] if "file" in entry else []
        for child in entry.get("sections", []):
            found += files(child)
        return found

    parts = {}
    for number, part in enumerate(toc.get("parts", [])):
        pages = [toc["root"]] if number == 0 and "root" in toc else []
        for chapter in part.get("chapters", []):
            pages += files(chapter)
        parts[part.get("caption", "")] = pages
    return parts


def page_path(page: str, root: Path = ROOT) -> Path:
    for suffix in (".ipynb", ".md"):
        if (root / f"{page}{suffix}").is_file():
            return root / f"{page}{suffix}"
    raise FileNotFoundError(f"_toc.yml의 쪽 {page}의 파일(.ipynb, .md)이 없습니다.")


def _link(page: str, guide_folder: str = "chapters") -> str:
    return "{doc}`" + os.path.relpath(page, guide_folder).replace(os.sep, "/") + "`"


def _run(page: str, seconds: dict[str, float], root: Path) -> str:
    if page_path(page, root).suffix != ".ipynb":
        return "-"
    if page not in seconds:
        raise KeyError(f"JUnit XML에 {page}.ipynb의 nbval 항목이 없습니다(노트북 모두를 --nbval로 실행한 XML인가요?).")
    return format_seconds(seconds[page])


def tables(measurement: Measurement, root: Path = ROOT, guide: Path = GUIDE) -> tuple[list[str], dict]:
    """부마다 표(Markdown 줄)와 합계. 노트북이 있는 부만 싣고, 풀이 노트북은 연습 표의 한 열로 씁니다."""
    seconds = measurement.seconds
    folder = guide.resolve().parent.relative_to(root.resolve()).as_posix()
    parts = toc_parts(root / "_toc.yml")
    solutions = {page for pages in parts.values() for page in pages if page.endswith(SOLUTION_SUFFIX)}
    totals = {"read": 0, "run": 0.0, "solution": 0.0}
    lines = []
    for caption, pages in parts.items():
        notebooks = [page for page in pages if page_path(page, root).suffix == ".ipynb"]
        if not notebooks or set(pages) <= solutions:
            continue  # 참고(용어집, API)처럼 노트북이 없는 부, 풀이만 모은 부
        exercises = any(f"{page}{SOLUTION_SUFFIX}" in solutions for page in pages)
        header = "| 쪽 | 읽기 | 실행(학생용) | 실행(풀이) |" if exercises else "| 쪽 | 읽기 | 실행 |"
        lines += [f"**{caption}**", "", header, "| --- |" + " ---: |" * (header.count("|") - 2)]
        for page in pages:
            minutes = reading_minutes(character_count(page_markdown(page_path(page, root))))
            totals["read"] += minutes
            row = [_link(page, folder), f"{minutes}분", _run(page, seconds, root)]
            totals["run"] += seconds.get(page, 0.0)
            if exercises:
                solution = f"{page}{SOLUTION_SUFFIX}"
                row.append(_run(solution, seconds, root) if solution in solutions else "-")
                totals["solution"] += seconds.get(solution, 0.0) if solution in solutions else 0.0
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    return lines, totals


def machine() -> str:
    """이 컴퓨터: CPU 이름과 벡터 명령(AVX-512, AVX2), 논리 코어 수, 운영 체제, 파이썬과 TensorFlow 버전."""
    cpu, flags = "", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            name, _, value = line.partition(":")
            if name.strip() == "model name" and not cpu:
                cpu = value.strip()
            elif name.strip() == "flags" and not flags:
                flags = set(value.split())
    except OSError:
        pass
    cpu = cpu or platform.processor() or platform.machine()
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else ""
    tensorflow = ""
    for package in ("tensorflow", "tensorflow-cpu"):  # 잠금 파일은 리눅스에서 tensorflow-cpu를 설치합니다
        try:
            tensorflow = f", TensorFlow {metadata.version(package)}"
            break
        except metadata.PackageNotFoundError:
            pass
    return (f"{cpu}{f'({isa})' if isa else ''}, 논리 코어 {os.cpu_count()}개, {platform.system()}, "
            f"Python {platform.python_version()}{tensorflow}")


def _date(timestamp: str) -> str:
    try:
        return datetime.fromisoformat(timestamp).strftime("%Y-%m-%d %H:%M %Z").strip()
    except ValueError:
        return timestamp or "알 수 없음"


def block(measurement: Measurement, root: Path = ROOT, guide: Path = GUIDE, note: str = "") -> str:
    """안내 쪽의 두 표시 사이에 들어갈 글."""
    lines, totals = tables(measurement, root, guide)
    notebook_total = sum(measurement.seconds.values())
    head = [
        START,
        "<!-- 이 구간은 tools/lesson_times.py가 씁니다. 손으로 고치지 마세요. -->",
        "",
        f"잰 때: {_date(measurement.timestamp)}. 잰 컴퓨터: {machine()}. "
        f"읽기는 공백을 뺀 글자 수를 분당 {CHARACTERS_PER_MINUTE}자로 나눈 값이고, 실행은 nbval이 노트북을 "
        f"처음부터 끝까지 실행한 시간입니다(노트북 {len(measurement.seconds)}개 모두: "
        f"{format_seconds(notebook_total)})." + (f" {note}" if note else ""),
        "",
    ]
    tail = [
        f"합계: 읽기 {totals['read']}분, 본문과 학생용 노트북 실행 {format_seconds(totals['run'])}, "
        f"풀이 노트북 실행 {format_seconds(totals['solution'])}.",
        END,
    ]
    return "\n".join(head + lines + tail)


def update_guide(guide: Path, text: str) -> None:
    """안내 쪽의 두 표시 사이를 `text`(두 표시를 포함)로 바꿉니다."""
    content = guide.read_text(encoding="utf-8")
    start, end = content.find(START), content.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{guide}에 {START} ... {END} 표시가 없습니다.")
    guide.write_text(content[:start] + text + content[end + len(END):], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="강사용 안내의 수업 시간 표를 JUnit XML에서 만듭니다.")
    parser.add_argument("junit", type=Path, help="pytest --junitxml의 파일(예: test-output/junit.xml)")
    parser.add_argument("--guide", type=Path, default=GUIDE, help="표를 쓸 쪽(기본 chapters/instructors.md)")
    parser.add_argument("--note", default="", help="표 위 설명에 덧붙일 한 문장(예: 잴 때의 사정)")
    parser.add_argument("--print", action="store_true", help="쪽을 고치지 않고 표만 출력합니다")
    args = parser.parse_args(argv)
    measurement = read_junit(args.junit)
    if not measurement.seconds:
        print(f"{args.junit}에 nbval 항목이 없습니다(--nbval로 노트북을 실행한 XML이어야 합니다).", file=sys.stderr)
        return 2
    if measurement.hostname and measurement.hostname != socket.gethostname():
        print(f"주의: XML은 다른 컴퓨터({measurement.hostname})에서 만들었습니다. 표의 CPU는 이 컴퓨터의 것입니다.",
              file=sys.stderr)
    text = block(measurement, ROOT, args.guide.resolve(), args.note)
    if args.print:
        print(text)
    else:
        update_guide(args.guide, text)
        print(f"{args.guide}의 수업 시간 표를 새로 썼습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
