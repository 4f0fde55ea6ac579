"""강사용: 노트북을 CI와 같은 환경에서 위에서 아래로 실행하고 출력을 저장합니다.

    .venv/bin/python tools/execute_notebooks.py chapters/06_training.ipynb ...

실행이 실패하거나 stderr 출력이 남으면 파일을 바꾸지 않고 알려 줍니다.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from cnn_course.paths import MODEL_CACHE_ENV, REPOSITORY_MODEL_CACHE, use_shared_data


def course_environment() -> None:
    """CI와 같은 환경: 공유 데이터 폴더, 저장소의 신경망 캐시(`make`와 같음), 고정한 해시 시드."""
    use_shared_data()
    os.environ.setdefault(MODEL_CACHE_ENV, str(REPOSITORY_MODEL_CACHE))
    os.environ["PYTHONHASHSEED"] = "0"


def problems(nb) -> list[str]:
    found = []
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        tags = set(cell.metadata.get("tags", []))
        for out in cell.outputs:
            if out.output_type == "stream" and out.name == "stderr":
                found.append(f"코드 셀 {i + 1}: stderr 출력 {out.text[:200]!r}")
            if out.output_type == "error" and not tags & {"raises-exception", "nbval-raises-exception"}:
                found.append(f"코드 셀 {i + 1}: 오류 {out.ename}: {out.evalue[:200]}")
    return found


def execute(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=1800, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except Exception as error:  # 실행 오류는 파일에 쓰지 않습니다.
        print(f"실패 {path}: {error}", file=sys.stderr)
        return False
    found = problems(nb)
    if found:
        print(f"실패 {path}:\n  " + "\n  ".join(found), file=sys.stderr)
        return False
    nbformat.write(nb, path)
    print(f"실행함 {path} ({time.perf_counter() - start:.0f}초)")
    return True


def main(paths: list[str]) -> int:
    course_environment()
    ok = [execute(Path(p)) for p in paths]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
