"""강좌 패키지를 휠로: 만들고, 내용을 확인하고, 저장소 없는 새 가상 환경에 설치해 강좌를 돌려 봅니다.

휠은 저장소 파일의 깨끗한 사본에서 `python -m build`로 만듭니다: sdist를 먼저 만들고, 그 sdist를 푼 곳에서
휠을 만듭니다(sdist에 빠진 파일은 휠에도 없으므로 둘 다 확인됩니다). 빌드 도구(setuptools)는 잠금 파일로 설치한
지금 환경의 것을 씁니다(--no-isolation).

새 가상 환경에는 휠을 의존성과 함께 설치합니다. 의존성은 휠의 메타데이터(Requires-Dist)에서 pip가 풀고,
버전은 잠금 파일의 핀을 제약(-c)으로 주어 잠금 파일과 같게 합니다. `--require-hashes -r requirements.lock`
으로 설치하면 잠금 파일이 패키지 목록을 정해 버려서, 휠이 의존성을 빠뜨려도 알 수 없습니다. 제약 파일에는
해시를 빼고 핀(이름==버전 ; 표지)만 옮깁니다. CI에서는 패키지를 PyPI에서 받고 pip 캐시(~/.cache/pip)가
두 번째부터 빠르게 합니다.

설치한 뒤에는 저장소 밖(임시 폴더, 다른 HOME, PYTHONPATH 없음)에서 명령줄 도구와 장 노트북 하나를 실행합니다.
오래 걸리는 테스트에는 `slow` 표시가 있어 `make test-fast`가 건너뜁니다.
"""

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import cnn_course
from cnn_course.checkpoint import read_checkpoint
from cnn_course.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "chapters" / "03_convolution.ipynb"
NOTEBOOK_NEEDS = ("ipykernel", "myst-nb")  # 커널과 장의 glue(binder/requirements.txt와 같은 것)
EXERCISES = sorted(path.name for path in (ROOT / "cnn_course" / "exercises").glob("ex*.py"))


def test_version_option_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"cnn-course {cnn_course.__version__}\n"


def checkout_files() -> list[str]:
    """저장소의 파일: 추적하는 파일과, 무시하지 않는 새 파일(지금 디스크의 내용)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return [name for name in listed if (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """새로 복제한 저장소처럼 깨끗한 사본에서 만든 휠. 저장소의 cnn_course.egg-info(편집 가능 설치가 남긴 것)에
    적힌 옛 파일 목록이 sdist에 섞여 들어가지 않게, 저장소의 파일만 임시 폴더에 옮겨 만듭니다."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in checkout_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (built,) = out.glob("*.whl")
    return built


def wheel_metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return Parser().parsestr(archive.read(name).decode("utf-8"))


def test_wheel_holds_every_package_file_and_nothing_else(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    tracked = [name for name in checkout_files() if name.startswith("cnn_course/")]
    assert tracked, "git ls-files가 패키지 파일을 찾지 못했습니다"
    missing = sorted(set(tracked) - names)
    assert not missing, f"휠에 빠진 패키지 파일(pyproject.toml의 package-data를 확인하세요): {missing}"
    # 채점기들과 풀이 글(solutions.json)은 이름으로도 확인합니다.
    assert {f"cnn_course/exercises/{name}" for name in [*EXERCISES, "core.py", "solutions.json"]} <= names
    assert len(EXERCISES) == 11
    extra = sorted(name for name in names - set(tracked) if not name.startswith("cnn_course-"))
    assert not extra, f"휠에 저장소 밖의 파일이나 캐시가 들어 있습니다: {extra}"
    assert {name.split("/")[0] for name in names} == {"cnn_course", f"cnn_course-{cnn_course.__version__}.dist-info"}


def test_wheel_metadata_version_dependencies_and_command(wheel):
    metadata = wheel_metadata(wheel)
    assert metadata["Name"] == "cnn-course"
    assert metadata["Version"] == cnn_course.__version__
    assert f"-{cnn_course.__version__}-" in wheel.name
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = {str(Requirement(text)) for text in metadata.get_all("Requires-Dist")
                if "extra ==" not in text}
    assert required == {str(Requirement(text)) for text in project["dependencies"]}
    assert metadata["Requires-Python"] == project["requires-python"]
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        entry_points = archive.read(name).decode("utf-8")
    assert "cnn-course = cnn_course.cli:main" in entry_points


def lock_constraints() -> str:
    """잠금 파일의 핀을 해시 없이: `이름==버전 ; 표지` 한 줄씩."""
    lines = [line.rstrip(" \\") for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
             if line[:1].isalnum()]
    assert all(Requirement(line).specifier for line in lines)
    return "\n".join(lines) + "\n"


class Venv:
    """임시 폴더의 새 가상 환경. 명령은 저장소 밖(임시 폴더)에서, 저장소를 모르는 환경으로 실행합니다."""

    def __init__(self, folder: Path, constraints: Path) -> None:
        self.folder, self.constraints = folder, constraints
        self.bin = folder / "venv" / "bin"
        self.work = folder / "work"  # 현재 폴더
        self.home = folder / "home"
        self.seconds: dict[str, float] = {}
        for path in (self.work, self.home):
            path.mkdir(parents=True)
        clean = {key: value for key, value in os.environ.items()
                 if not key.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER", "IPYTHON", "CNN_COURSE_", "MPL"))}
        clean["PATH"] = f"{self.bin}{os.pathsep}{clean.get('PATH', '')}"
        self.install_env = clean  # pip은 사용자의 pip 캐시(HOME)를 씁니다
        self.run_env = {**clean, "HOME": str(self.home), "XDG_CACHE_HOME": str(self.home / ".cache"),
                        "PYTHONHASHSEED": "0", "MPLCONFIGDIR": str(folder / "matplotlib"),
                        "CNN_COURSE_CACHE": str(folder / "models"),
                        # 데이터: 테스트처럼 공유 MNIST 폴더(conftest.py가 정한 값). 없으면 내려받습니다.
                        **{key: os.environ[key] for key in ("CNN_COURSE_DATA",) if key in os.environ}}

    def run(self, step: str, *command: str, install: bool = False, timeout: float = 900):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=self.work, capture_output=True, text=True, timeout=timeout,
                                env=self.install_env if install else self.run_env)
        self.seconds[step] = round(time.perf_counter() - start, 1)
        assert result.returncode == 0, f"{step}: {' '.join(command)}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        return result

    def pip(self, step: str, *args: str):
        """이 테스트를 실행하는 pip로 가상 환경에 설치합니다(--python). 가상 환경에는 pip를 넣지 않습니다."""
        return self.run(step, sys.executable, "-m", "pip", "--python", str(self.bin / "python"),
                        "--disable-pip-version-check", *args, install=True)

    def pip_install(self, step: str, *requirements: str):
        # --no-compile: 설치할 때 .pyc를 모두 만들지 않습니다(TensorFlow의 파일 수천 개). 가져올 때 만듭니다.
        return self.pip(step, "install", "--quiet", "--no-compile", "-c", str(self.constraints), *requirements)

    def python(self, step: str, code: str, *args: str):
        return self.run(step, str(self.bin / "python"), "-c", code, *args)

    def installed(self) -> dict[str, str]:
        out = self.python("pip list", "import importlib.metadata as m, json; "
                                      "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
        return {canonicalize_name(name): version for name, version in json.loads(out.stdout).items()}


def sanitized_texts(notebook) -> list[str]:
    """코드 셀마다 표준 출력과 결과의 글자(nbval이 비교하는 것), nbval의 정리 규칙을 적용해서."""
    rules = configparser.ConfigParser()
    rules.read(ROOT / "tests" / "nbval-sanitize.cfg", encoding="utf-8")
    texts = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        text = "".join(output.get("text", "") for output in cell.outputs
                       if output.output_type == "stream" and output.name == "stdout")
        text += "".join(output.data.get("text/plain", "") for output in cell.outputs
                        if output.output_type == "execute_result")
        for section in rules.sections():
            text = re.sub(rules[section]["regex"], rules[section]["replace"], text)
        texts.append(text)
    return texts


def glued(notebook) -> dict[str, dict]:
    """myst_nb.glue로 책에 붙이는 값들: {이름: 데이터}."""
    return {output.metadata["scrapbook"]["name"]: output.data
            for cell in notebook.cells for output in cell.get("outputs", [])
            if "scrapbook" in output.get("metadata", {})}


RUN_NOTEBOOK = """
import sys
import nbformat
from nbclient import NotebookClient

notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
nbformat.write(notebook, sys.argv[1])
"""

WHERE = "import sys, cnn_course\nprint(sys.executable)\nprint(cnn_course.__file__)"


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs_the_course(wheel, tmp_path, mnist):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(lock_constraints(), encoding="utf-8")
    venv = Venv(tmp_path, constraints)
    venv.run("venv", sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv"), install=True)
    site = next((tmp_path / "venv" / "lib").glob("python3*/site-packages"))
    assert venv.installed() == {}

    # 1. 휠만(의존성은 휠의 메타데이터에서). 설치된 버전은 모두 잠금 파일의 것.
    venv.pip_install("pip install (wheel)", str(wheel))
    installed = venv.installed()
    lock = {canonicalize_name(Requirement(line).name): Requirement(line) for line in lock_constraints().splitlines()
            if Requirement(line).marker is None or Requirement(line).marker.evaluate()}
    assert installed["cnn-course"] == cnn_course.__version__
    tensorflow = next(iter(lock["tensorflow-cpu"].specifier)).version
    assert installed["tensorflow-cpu"] == tensorflow and "tensorflow" not in installed
    assert len(installed) > 30 and {"numpy", "matplotlib", "keras", "koreanize-matplotlib", "tqdm"} <= set(installed)
    for name, version in installed.items():
        if name != "cnn-course":
            assert name in lock and lock[name].specifier.contains(version), f"{name} {version}: 잠금 파일과 다릅니다"
    venv.pip("pip check", "check")

    # 2. 저장소가 아니라 가상 환경의 패키지를 가져오는지.
    where = json.loads(venv.python("import", "import cnn_course, json; print(json.dumps("
                                   "{'file': cnn_course.__file__, 'version': cnn_course.__version__}))").stdout)
    assert Path(where["file"]).is_relative_to(site) and not Path(where["file"]).is_relative_to(ROOT)
    assert where["version"] == cnn_course.__version__
    version = venv.run("cnn-course --version", str(venv.bin / "cnn-course"), "--version")
    assert version.stdout.strip() == f"cnn-course {cnn_course.__version__}"

    # 3. 패키지가 쓰는 파일들: 한글 글꼴(koreanize-matplotlib 안의 나눔고딕), 풀이 글(solutions.json).
    font = venv.python("font", "from cnn_course.fonts import korean_font_path, use_korean_font\n"
                               "print(korean_font_path()); print(use_korean_font())").stdout.split("\n")
    assert Path(font[0]).is_relative_to(site) and font[0].endswith("NanumGothic.ttf") and font[1] == "NanumGothic"
    solutions = json.loads((ROOT / "cnn_course" / "exercises" / "solutions.json").read_text(encoding="utf-8"))
    module, entries = next((name, value) for name, value in solutions.items() if not name.startswith("_"))
    question, text = next(iter(entries.items()))
    solution = venv.python("solution", f"from cnn_course.exercises.{module} import {question}\n{question}.solution()")
    assert solution.stdout.strip() == f"풀이:\n{text.strip()}"

    # 4. 명령줄 도구: 데이터 확인, 200번 학습.
    data = venv.run("cnn-course data", str(venv.bin / "cnn-course"), "data")
    assert "체크섬 확인 완료" in data.stdout and f"{mnist.num_train:,}" in data.stdout
    checkpoint = venv.work / "model.npz"
    train = venv.run("cnn-course train", str(venv.bin / "cnn-course"), "train", "--iterations", "200", "--json",
                     "--no-progress", "--checkpoint", str(checkpoint))
    summary = json.loads(train.stdout.strip().splitlines()[-1])
    assert summary["iterations"] == 200 and summary["seconds"] > 0 and summary["checkpoint"] == str(checkpoint)
    assert 0.5 < summary["test_accuracy"] <= 1  # 200번이면 80%쯤(무작위는 10%)
    assert summary["config"]["num_filters"] == [16, 36]
    meta, _ = read_checkpoint(checkpoint)  # 저장소의 패키지로 읽힙니다
    assert meta["total_iterations"] == 200 and meta["cnn_course"] == cnn_course.__version__
    assert meta["tensorflow"] == tensorflow

    # 5. 장 노트북 하나: 커널(ipykernel)과 glue(myst-nb)를 더 설치하고 nbclient로 끝까지 실행합니다.
    venv.pip_install("pip install (notebook)", *NOTEBOOK_NEEDS)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(WHERE))
    copy = venv.work / NOTEBOOK.name
    nbformat.write(notebook, copy)
    venv.python("notebook", RUN_NOTEBOOK, str(copy))
    executed = nbformat.read(copy, as_version=4)
    outputs = [output for cell in executed.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    stderr = [output.text for output in outputs if output.output_type == "stream" and output.name == "stderr"]
    assert not stderr, f"노트북이 stderr에 쓴 것: {stderr}"
    kernel_python, kernel_package = executed.cells[-1].outputs[0].text.split()
    assert Path(kernel_python).is_relative_to(tmp_path / "venv") and Path(kernel_package).is_relative_to(site)
    # 설치한 패키지로 실행한 노트북의 출력은 저장소에 저장된 출력과 같습니다(nbval과 같은 비교).
    committed = nbformat.read(NOTEBOOK, as_version=4)
    assert sanitized_texts(executed)[:-1] == sanitized_texts(committed)
    assert glued(executed) == glued(committed) and glued(committed)

    report = ", ".join(f"{step} {seconds}초" for step, seconds in venv.seconds.items())
    print(f"휠 설치와 실행: {report}, 합계 {sum(venv.seconds.values()):.0f}초")
