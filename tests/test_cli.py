import json
import os
import subprocess
import sys


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "cnn_course.cli", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


def test_data_command_finds_and_verifies_mnist(mnist):
    result = run("data", "--data-dir", str(mnist.data_dir), "--no-download")
    assert result.returncode == 0, result.stderr
    assert "체크섬 확인 완료" in result.stdout and "55,000" in result.stdout


def test_data_command_without_data_names_the_environment_variable(tmp_path):
    result = run("data", "--data-dir", str(tmp_path), "--no-download")
    assert result.returncode == 2
    assert "CNN_COURSE_DATA" in result.stderr and "Traceback" not in result.stderr


def test_train_json_then_evaluate_the_checkpoint(mnist, tmp_path):
    checkpoint = tmp_path / "model.npz"
    result = run("train", "--iterations", "30", "--json", "--no-progress",
                 "--checkpoint", str(checkpoint), "--data-dir", str(mnist.data_dir))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["iterations"] == 30 and summary["seconds"] > 0
    assert 0 <= summary["test_accuracy"] <= 1
    assert summary["config"]["num_filters"] == [16, 36]
    evaluated = run("evaluate", str(checkpoint), "--json", "--data-dir", str(mnist.data_dir))
    assert evaluated.returncode == 0, evaluated.stderr
    assert json.loads(evaluated.stdout)["test_accuracy"] == summary["test_accuracy"]


def test_train_shows_progress_and_accuracy(mnist, tmp_path):
    result = run("train", "--iterations", "100", "--checkpoint", str(tmp_path / "m.npz"),
                 "--data-dir", str(mnist.data_dir))
    assert result.returncode == 0, result.stderr
    assert "테스트 세트 정확도" in result.stdout
    assert "100/100" in result.stderr  # 진행 막대


def test_invalid_configuration_is_a_clear_error(mnist):
    result = run("train", "--num-filters", "16", "--iterations", "1", "--data-dir", str(mnist.data_dir))
    assert result.returncode == 2
    assert "길이가 달라요" in result.stderr and "Traceback" not in result.stderr


def test_evaluate_missing_checkpoint_is_a_clear_error(tmp_path):
    result = run("evaluate", str(tmp_path / "none.npz"))
    assert result.returncode == 2 and "체크포인트 파일이 없습니다" in result.stderr
