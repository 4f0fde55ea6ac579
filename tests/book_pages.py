"""책의 쪽 목록: _toc.yml을 따라 차례대로(test_book.py, test_browser.py가 함께 씁니다)."""

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
