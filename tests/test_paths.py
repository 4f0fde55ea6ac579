import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cnn_course import paths


def test_model_cache_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CNN_COURSE_CACHE", str(tmp_path / "models"))
    assert paths.model_cache_dir() == tmp_path / "models"
    monkeypatch.delenv("CNN_COURSE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert paths.model_cache_dir() == tmp_path / "xdg" / "cnn_course" / "models"
    assert paths.data_cache_dir("fashion") == tmp_path / "xdg" / "cnn_course" / "fashion"


def test_data_dir_from_env(monkeypatch, tmp_path):
    monkeypatch.delenv("CNN_COURSE_FASHION_DATA", raising=False)
    assert paths.data_dir_from_env("fashion") is None
    monkeypatch.setenv("CNN_COURSE_FASHION_DATA", str(tmp_path))
    assert paths.data_dir_from_env("fashion") == tmp_path


def test_use_shared_data_only_fills_an_empty_variable(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "SHARED_MNIST", tmp_path)
    monkeypatch.setenv("CNN_COURSE_DATA", "/somewhere/else")
    paths.use_shared_data()
    assert os.environ["CNN_COURSE_DATA"] == "/somewhere/else"
    monkeypatch.delenv("CNN_COURSE_DATA")
    paths.use_shared_data()
    assert os.environ["CNN_COURSE_DATA"] == str(tmp_path)


def test_shell_asks_python_for_the_shared_folder():
    """.ci/run은 공유 데이터 폴더를 직접 적지 않고 cnn_course.paths에 묻습니다(표준 라이브러리만으로)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-S", "-m", "cnn_course.paths", "shared-data"], cwd=paths.REPOSITORY,
                         capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == str(paths.SHARED_MNIST)
    script = (paths.REPOSITORY / ".ci" / "run").read_text()
    assert "python3 -m cnn_course.paths shared-data" in script and "shared/datasets/mnist}" not in script


def test_write_atomically_syncs_file_and_folder(monkeypatch, tmp_path):
    synced = []
    real_fsync = os.fsync

    def recording_fsync(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    target = paths.write_atomically(tmp_path / "sub" / "file.bin", lambda f: f.write(b"abc"))
    assert target.read_bytes() == b"abc" and synced == [False, True]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(target.parent) == ["file.bin"]


def test_failed_write_keeps_the_old_file(tmp_path):
    target = paths.write_atomically(tmp_path / "file.bin", lambda f: f.write(b"old"))

    def broken(file):
        file.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        paths.write_atomically(target, broken)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["file.bin"]


def test_checkpoint_and_download_share_the_atomic_write():
    from cnn_course import checkpoint, download

    assert checkpoint.write_atomically is paths.write_atomically
    assert download.write_atomically is paths.write_atomically


def test_no_other_module_names_the_environment_variables():
    """환경 변수 이름과 폴더는 paths.py에만 적습니다(설명 문서 문자열은 빼고)."""
    import ast

    package = Path(paths.__file__).parent
    names = ("CNN_COURSE_DATA", "CNN_COURSE_FASHION_DATA", "CNN_COURSE_CACHE", "XDG_CACHE_HOME",
             "/usr/share/datasets")
    found = []
    for path in sorted(package.glob("*.py")):
        if path.name in ("paths.py", "grading.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if any(name == node.value or node.value.startswith(name) for name in names):
                    found.append(f"{path.name}:{node.lineno}: {node.value}")
    assert not found, found
