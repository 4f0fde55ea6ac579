"""Binder 환경(binder/): 핀이 잠금 파일(requirements.lock)과 같고, 노트북에 필요한 것이 다 있는지.

Binder(repo2docker)는 binder/ 폴더가 있으면 그 안의 설정만 읽습니다: runtime.txt(파이썬 버전),
requirements.txt(pip install -r, 저장소 루트에서). 저장소 루트의 pyproject.toml은 보지 않으므로
강좌 패키지는 requirements.txt의 마지막 줄 "."로 설치합니다.
"""

import ast
import importlib.metadata
import importlib.util
import json
import re
import sys
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
_spec = importlib.util.spec_from_file_location("binder_requirements", ROOT / "tools" / "binder_requirements.py")
binder_requirements = sys.modules["binder_requirements"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(binder_requirements)

# Binder가 도는 환경: Linux, runtime.txt의 파이썬.
BINDER_ENVIRONMENT = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                      "implementation_name": "cpython", "platform_python_implementation": "CPython",
                      "python_version": "3.11", "python_full_version": "3.11.9", "extra": ""}


def requirement_lines(path: Path) -> list[str]:
    """요구 사항 파일의 요구 사항들: 주석, 해시(--hash), 줄 잇기(\\)를 걷어 냅니다."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #")[0].strip() if not line.startswith("#") else ""
        if line and not line.startswith("--hash"):
            lines.append(line.rstrip("\\").strip())
    return lines


def pins(path: Path) -> dict[str, set[tuple[str, str]]]:
    """{표준 이름: {(버전, 표지), ...}}. 표지로 나뉜 같은 패키지는 버전이 여럿입니다."""
    found: dict[str, set[tuple[str, str]]] = {}
    for line in requirement_lines(path):
        if line == ".":
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", line
        found.setdefault(canonicalize_name(requirement.name), set()).add(
            (specifier.version, str(requirement.marker or "")))
    return found


def for_binder(pinned: dict[str, set[tuple[str, str]]]) -> dict[str, str]:
    """Binder의 환경에서 설치될 {이름: 버전}: 표지가 맞는 줄만, 이름마다 한 버전."""
    chosen = {}
    for name, versions in pinned.items():
        applies = [version for version, marker in versions if not marker or Marker(marker).evaluate(BINDER_ENVIRONMENT)]
        assert len(applies) <= 1, f"{name}: Binder에서 버전이 여럿입니다: {applies}"
        if applies:
            chosen[name] = applies[0]
    return chosen


BINDER_PINS = pins(BINDER / "requirements.txt")
LOCK_PINS = pins(ROOT / "requirements.lock")


def test_every_binder_pin_is_the_lock_pin():
    assert len(BINDER_PINS) > 50
    for name, versions in BINDER_PINS.items():
        assert name in LOCK_PINS, f"{name}: 잠금 파일에 없는 패키지"
        assert versions == LOCK_PINS[name], f"{name}: Binder {sorted(versions)} != 잠금 파일 {sorted(LOCK_PINS[name])}"


def test_binder_installs_tensorflow_cpu_and_the_lock_versions():
    binder, lock = for_binder(BINDER_PINS), for_binder(LOCK_PINS)
    assert binder["tensorflow-cpu"] == lock["tensorflow-cpu"]
    assert "tensorflow" not in binder  # 표지가 Linux가 아닌 곳에만
    assert binder["numpy"] == lock["numpy"]  # 파이썬 3.11용 줄(3.12용 줄과 버전이 다름)
    assert {name: binder[name] for name in binder} == {name: lock[name] for name in binder}


def test_the_package_itself_is_installed_from_the_checkout_last():
    lines = requirement_lines(BINDER / "requirements.txt")
    assert lines[-1] == "." and lines.count(".") == 1
    assert not any(line.startswith(("-e", "-r", "-c", "--")) for line in lines)
    assert "--hash" not in (BINDER / "requirements.txt").read_text(encoding="utf-8")  # "."에는 해시를 붙일 수 없음


def test_runtime_is_the_python_the_lock_was_compiled_for():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"python-3\.\d+", runtime)
    header = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()[1]
    assert f"--python-version {runtime.removeprefix('python-')}" in header
    assert BINDER_ENVIRONMENT["python_version"] == runtime.removeprefix("python-")


def test_binder_folder_holds_only_files_repo2docker_reads():
    # apt.txt는 없습니다: Fashion-MNIST도 패키지가 미러에서 내려받습니다(requirements.txt의 주석).
    assert sorted(path.name for path in BINDER.iterdir()) == ["requirements.txt", "runtime.txt"]


def test_binder_requirements_are_generated_from_the_lock():
    expected = binder_requirements.render((ROOT / "requirements.lock").read_text(encoding="utf-8"),
                                          (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert (BINDER / "requirements.txt").read_text(encoding="utf-8") == expected, \
        "python tools/binder_requirements.py로 다시 만드세요"
    assert binder_requirements.main(["--check"]) == 0


def test_the_tool_reads_markers_parents_and_repeated_packages():
    lock = (
        "numpy==2.4.6 ; python_full_version < '3.12' \\\n    --hash=sha256:aa\n    # via\n"
        "    #   cnn-course (pyproject.toml)\n    #   keras\n"
        "numpy==2.5.5 ; python_full_version >= '3.12' \\\n    --hash=sha256:bb\n    # via cnn-course (pyproject.toml)\n"
        "keras==3.0 \\\n    --hash=sha256:cc\n    # via tensorflow\n"
        "tensorflow==2.21.0 ; sys_platform != 'linux' \\\n    --hash=sha256:dd\n    # via cnn-course (pyproject.toml)\n"
        "sphinx==7.4.7 \\\n    --hash=sha256:ee\n    # via jupyter-book\n"
    )
    read = binder_requirements.read_lock(lock)
    assert [pin.line() for pin in read["numpy"]] == ["numpy==2.4.6 ; python_full_version < '3.12'",
                                                    "numpy==2.5.5 ; python_full_version >= '3.12'"]
    assert read["numpy"][0].parents == {"cnn-course", "keras"}
    assert binder_requirements.closure(read, ["tensorflow"]) == ["keras", "numpy", "tensorflow"]


def installed_closure(name: str, extras: frozenset[str] = frozenset(), seen=None) -> set[str]:
    """설치된 패키지의 메타데이터로 따라간 의존성(이 기계의 표지로)."""
    seen = set() if seen is None else seen
    key = canonicalize_name(name)
    if (key, extras) in seen:
        return {key for key, _ in seen}
    seen.add((key, extras))
    for text in importlib.metadata.requires(name) or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in extras or {""}):
            installed_closure(requirement.name, frozenset(requirement.extras), seen)
    return {key for key, _ in seen}


def test_binder_has_everything_the_package_depends_on():
    needed = installed_closure("cnn-course") - {"cnn-course"}
    assert {"tensorflow-cpu", "numpy", "matplotlib", "koreanize-matplotlib", "keras"} <= needed
    assert needed <= set(BINDER_PINS), f"Binder에 없는 의존성: {sorted(needed - set(BINDER_PINS))}"


def notebook_imports() -> set[str]:
    """장과 연습 문제 노트북의 코드 셀이 가져오는 최상위 모듈 이름들."""
    from IPython.core.inputtransformer2 import TransformerManager

    modules = set()
    for notebook in sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            # IPython이 읽는 대로(%pip 같은 매직은 get_ipython() 호출로) 바꾼 뒤 파이썬으로 읽습니다.
            source = TransformerManager().transform_cell("".join(cell["source"]))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules


def test_binder_has_everything_the_notebooks_import():
    modules = notebook_imports() - set(sys.stdlib_module_names) - {"cnn_course"}
    assert "myst_nb" in modules  # 장의 glue: 책을 만들 때만이 아니라 노트북을 실행할 때도 필요
    distributions = importlib.metadata.packages_distributions()
    for module in sorted(modules):
        names = {canonicalize_name(name) for name in distributions.get(module, [])}
        assert names, f"{module}: 이 환경에 설치되지 않은 모듈"
        assert names & set(BINDER_PINS), f"노트북이 가져오지만 Binder에 없는 모듈: {module}({sorted(names)})"
