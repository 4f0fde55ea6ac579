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


SMALL = ("--filter-sizes", "3", "--num-filters", "4", "--fc-sizes", "16")


def test_train_reports_one_line_each_when_not_a_terminal(mnist, tmp_path):
    """파이프나 로그 파일로 보내면 진행 막대를 그리지 않고, 보고 줄은 한 줄에 하나씩 나옵니다."""
    result = run("train", "--iterations", "200", *SMALL, "--checkpoint", str(tmp_path / "m.npz"),
                 "--data-dir", str(mnist.data_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line[:10] for line in lines[:2]] == ["반복    100회", "반복    200회"]
    assert lines[2].startswith("걸린 시간: ") and lines[3].startswith("테스트 세트 정확도")
    assert "\r" not in result.stdout + result.stderr and "회/s" not in result.stderr


def screen_lines(raw: str) -> list[str]:
    """터미널이 보여 주는 줄들: 줄마다 캐리지 리턴(\\r) 뒤의 글이 앞의 글을 덮어씁니다."""
    shown = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        cells: list[str] = []
        for segment in line.split("\r"):
            cells[:len(segment)] = segment
        shown.append("".join(cells).rstrip())
    return shown


def test_train_progress_bar_and_report_lines_do_not_overlap_on_a_terminal(mnist, tmp_path):
    """터미널에서는 진행 막대를 그리고, 보고 줄은 막대를 지운 자리에 제 줄로 씁니다."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "cnn_course.cli", "train", "--iterations", "300", *SMALL,
         "--checkpoint", str(tmp_path / "m.npz"), "--data-dir", str(mnist.data_dir)],
        stdout=follower, stderr=follower, env=os.environ.copy())
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # 자식이 끝나 터미널이 닫혔습니다.
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=600) == 0
    raw = b"".join(chunks).decode("utf-8")
    assert "300/300" in raw and "회/s" in raw  # 막대를 그렸습니다.
    shown = screen_lines(raw)
    reports = [line for line in shown if "반복" in line]
    assert [line[:10] for line in reports] == ["반복    100회", "반복    200회", "반복    300회"]
    assert all(line.startswith("반복") and "회/s" not in line for line in reports), reports
    assert any(line.startswith("걸린 시간: ") for line in shown)


def test_invalid_configuration_is_a_clear_error(mnist):
    result = run("train", "--num-filters", "16", "--iterations", "1", "--data-dir", str(mnist.data_dir))
    assert result.returncode == 2
    assert "길이가 다릅니다" in result.stderr and "Traceback" not in result.stderr


def test_evaluate_missing_checkpoint_is_a_clear_error(tmp_path):
    result = run("evaluate", str(tmp_path / "none.npz"))
    assert result.returncode == 2 and "체크포인트 파일이 없습니다" in result.stderr
