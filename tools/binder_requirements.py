"""Binder 환경의 핀(binder/requirements.txt)을 잠금 파일(requirements.lock)에서 만듭니다.

    python tools/binder_requirements.py           # binder/requirements.txt를 다시 씁니다
    python tools/binder_requirements.py --check   # 파일이 잠금 파일과 어긋나면 1로 끝납니다

잠금 파일을 손보면(uv pip compile) 이 도구를 다시 실행합니다. 버전은 잠금 파일의 것을 그대로 옮기고,
새로 풀지(resolve) 않습니다. 그래서 인터넷 없이 돌고, Binder와 CI의 버전이 같습니다.

Binder(repo2docker)에 실을 패키지: 잠금 파일에서 아래 뿌리(roots)가 기대는 패키지를 모두 모읍니다.
잠금 파일의 ``# via`` 주석(누가 이 패키지를 필요로 하는지)을 거꾸로 따라가면 됩니다.

- 강좌 패키지의 의존성(pyproject.toml의 ``[project] dependencies``),
- 노트북이 쓰는 것: 커널(ipykernel)과 장의 숫자를 책에 붙이는 ``myst_nb.glue``(myst-nb).

책을 만드는 도구(jupyter-book, 브라우저 테스트 등)는 싣지 않습니다. 주피터 서버(JupyterLab)는
repo2docker의 기본 환경에 이미 있습니다.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
OUTPUT = ROOT / "binder" / "requirements.txt"

NOTEBOOK_NEEDS = ("ipykernel", "myst-nb")

HEADER = """\
# Binder(repo2docker)가 설치하는 패키지: pip install -r binder/requirements.txt (저장소 루트에서 실행).
# 손으로 고치지 마세요. requirements.lock에서 만듭니다: python tools/binder_requirements.py
# (tests/test_binder.py가 두 파일의 버전이 같은지 확인합니다.)
#
# 파이썬 버전은 binder/runtime.txt에 있습니다(잠금 파일을 만든 3.11).
# MNIST는 노트북이 처음 읽을 때 cnn_course가 미러에서 내려받아 체크섬을 확인하고
# ~/.cache/cnn_course/mnist에 둡니다(mybinder.org는 HTTP(S)로 밖에 닿습니다). Fashion-MNIST(연습 문제 11)도
# 같습니다. Debian 패키지 dataset-fashion-mnist는 apt.txt에 넣지 않았습니다: Binder의 Ubuntu 이미지에서
# 설치되는지 확인할 수 없었고, 설치되지 않으면 Binder 빌드 전체가 실패하기 때문입니다.
"""

FOOTER = """\
# 강좌 패키지 자체: Binder가 복사한 저장소(현재 폴더)에서 설치합니다. 위의 핀으로 의존성을 맞춥니다.
.
"""


def normalize(name: str) -> str:
    """패키지 이름의 표준형(PEP 503): 소문자, '-'로 잇습니다."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: str  # 환경 표지(예: "sys_platform == 'linux'"). 없으면 ""
    parents: frozenset[str]  # 이 패키지를 필요로 하는 패키지(잠금 파일의 # via)

    def line(self) -> str:
        return f"{self.name}=={self.version}" + (f" ; {self.marker}" if self.marker else "")


_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$")


def read_lock(text: str) -> dict[str, list[Pin]]:
    """uv pip compile이 만든 잠금 파일을 읽어 {표준 이름: [Pin, ...]}을 돌려줍니다.

    한 패키지가 파이썬 버전마다 다른 버전으로 두 번 나올 수 있습니다(예: numpy, 표지로 나뉨).
    """
    entries: list[dict] = []
    in_via = False
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            match = _PIN.match(line)
            if match is None:
                raise ValueError(f"잠금 파일의 줄을 읽지 못했습니다: {line!r}")
            entries.append({**match.groupdict(), "parents": set()})
            in_via = False
            continue
        comment = line.strip()
        if comment.startswith("# via"):
            rest = comment[len("# via"):].strip()
            in_via = True
            if rest:
                entries[-1]["parents"].add(rest)
        elif in_via and comment.startswith("#"):
            entries[-1]["parents"].add(comment.lstrip("#").strip())
    pins: dict[str, list[Pin]] = {}
    for entry in entries:
        # "cnn-course (pyproject.toml)"처럼 괄호가 붙은 부모는 이름만 씁니다.
        parents = frozenset(normalize(parent.split(" (")[0]) for parent in entry["parents"])
        pin = Pin(entry["name"], entry["version"], entry["marker"] or "", parents)
        pins.setdefault(normalize(entry["name"]), []).append(pin)
    return pins


def project_dependencies(pyproject: str) -> list[str]:
    """pyproject.toml의 [project] dependencies 이름(표준형)."""
    return [normalize(Requirement(text).name) for text in tomllib.loads(pyproject)["project"]["dependencies"]]


def closure(pins: dict[str, list[Pin]], roots: list[str]) -> list[str]:
    """뿌리와, 뿌리가 (몇 단계를 거쳐서라도) 기대는 잠금 파일의 패키지 이름들(정렬)."""
    missing = [root for root in roots if root not in pins]
    if missing:
        raise ValueError(f"잠금 파일에 없는 패키지: {', '.join(missing)}")
    children: dict[str, set[str]] = {}
    for name, versions in pins.items():
        for pin in versions:
            for parent in pin.parents:
                children.setdefault(parent, set()).add(name)
    found, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(children.get(name, ()))
    return sorted(found)


def render(lock: str, pyproject: str) -> str:
    """binder/requirements.txt의 내용."""
    pins = read_lock(lock)
    names = closure(pins, [*project_dependencies(pyproject), *NOTEBOOK_NEEDS])
    return HEADER + "".join(pin.line() + "\n" for name in names for pin in pins[name]) + FOOTER


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="쓰지 않고, 파일이 최신인지만 확인합니다")
    args = parser.parse_args(argv)
    text = render(LOCK.read_text(encoding="utf-8"), PYPROJECT.read_text(encoding="utf-8"))
    if args.check:
        if not OUTPUT.is_file() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT.relative_to(ROOT)} 파일이 잠금 파일과 다릅니다. python tools/binder_requirements.py로 "
                  "다시 만드세요.", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: 패키지 {text.count('==')}개")
    return 0


if __name__ == "__main__":
    sys.exit(main())
