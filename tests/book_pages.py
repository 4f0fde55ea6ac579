"""책의 쪽 목록: _toc.yml을 따라 차례대로(test_book.py, test_browser.py가 함께 씁니다), 그리고 테스트가
책과 PDF를 만드는 make 실행(conftest.py, test_pdf.py)."""

import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))


def toc_files(entry) -> list[str]:
    """_toc.yml의 모든 쪽(장, 부, 절을 따라 차례대로)."""
    found = []
    if isinstance(entry, dict):
        for key in ("root", "file"):
            if key in entry:
                found.append(entry[key])
        for key in ("parts", "chapters", "sections"):
            for child in entry.get(key, []):
                found += toc_files(child)
    return found


PAGES = toc_files(TOC)  # chapters/01_introduction, ...


def run_make(target: str) -> tuple[float, float]:
    """README의 make 대상(`book`, `pdf`)을 실행하고 (걸린 시간, 자식 프로세스의 CPU 시간)을 초로 돌려줍니다.

    테스트는 패키지를 설치하지 않습니다: 가상 환경(`.venv/.installed`)은 있는 그대로 쓰고(`-o`),
    지금 pytest를 실행하는 파이썬 옆의 도구(jupyter-book)로 만듭니다.
    """
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", f"BIN={Path(sys.executable).parent}", target]
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
