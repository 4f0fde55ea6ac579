"""TensorFlow가 시작하기 전에 읽는 환경 변수와 재현성(reproducibility) 설정.

`cnn_course`를 가져오면(import) `configure_environment()`가 먼저 실행되어, TensorFlow가
처음 시작할 때 스레드 수, oneDNN, 로그 수준을 읽도록 합니다. 이미 정해 둔 환경 변수는
덮어쓰지 않습니다(벤치마크가 TensorFlow 기본 환경을 재려면 그 값을 직접 지정합니다).
"""

from __future__ import annotations

import contextlib
import os
import random
import sys

from .korean import josa
from .validation import check_int

DEFAULT_THREADS = 2

COURSE_ENVIRONMENT = {
    # 이 CPU에서는 oneDNN을 켜야 학습 단계가 약 두 배 빠릅니다.
    "TF_ENABLE_ONEDNN_OPTS": "1",
    # C++ 로그가 노트북의 stderr에 섞이지 않게 합니다.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # 스레드 수가 바뀌면 부동소수점 합의 순서가 바뀌어 결과의 비트가 달라집니다.
    "TF_NUM_INTRAOP_THREADS": str(DEFAULT_THREADS),
    "TF_NUM_INTEROP_THREADS": str(DEFAULT_THREADS),
    "OMP_NUM_THREADS": str(DEFAULT_THREADS),
}


def configure_environment() -> None:
    """아직 정하지 않은 환경 변수에 강좌의 기본값을 넣습니다."""
    for name, value in COURSE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


@contextlib.contextmanager
def _stderr_silenced():
    """파일 기술자 2를 잠시 /dev/null로 돌립니다(C++ 라이브러리가 직접 쓰는 메시지까지)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # stderr가 없는 환경
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_tensorflow():
    """TensorFlow를 조용히 가져옵니다.

    oneDNN을 켜면 TensorFlow는 로그 수준과 관계없이 가져올 때 한 줄을 stderr에 씁니다.
    노트북 출력에 그 줄이 남지 않도록 가져오는 동안만 stderr를 닫아 둡니다.
    """
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    configure_environment()
    with _stderr_silenced():
        import tensorflow as tf
    return tf


MAX_SEED = 2**31 - 1  # TensorFlow의 상태 없는 난수가 받는 가장 큰 시드


def resolve_seed(seed: int | None, name: str = "seed") -> int:
    """정수 시드는 확인해 그대로, None은 운영체제의 엔트로피로 새 시드를 뽑습니다."""
    if seed is None:
        return int.from_bytes(os.urandom(4), "little") >> 1
    return check_int(name, seed, low=0, high=MAX_SEED)


def reproducible(seed: int = 0, threads: int = DEFAULT_THREADS) -> None:
    """실행할 때마다 같은 결과가 나오도록 난수 시드(random seed)와 연산을 고정합니다.

    - Python, NumPy, TensorFlow의 난수 시드를 `seed`로 정합니다.
    - 연산 결정성(op determinism)을 켭니다: 같은 입력이면 비트 단위로 같은 결과.
    - 연산 스레드 수를 `threads`로 고정합니다. TensorFlow가 이미 연산을 실행한 뒤에는
      스레드 수를 바꿀 수 없으므로, 노트북의 첫 코드 셀에서 부르세요.

    같은 하드웨어와 같은 소프트웨어 버전에서만 같은 비트를 약속합니다.
    """
    check_int("seed", seed, low=0)
    check_int("threads", threads, low=1)
    tf = import_tensorflow()
    random.seed(seed)
    tf.keras.utils.set_random_seed(seed)  # Python, NumPy, TensorFlow를 한꺼번에
    tf.config.experimental.enable_op_determinism()
    _set_threads(tf, threads)


def _set_threads(tf, threads: int) -> None:
    current = (
        tf.config.threading.get_intra_op_parallelism_threads(),
        tf.config.threading.get_inter_op_parallelism_threads(),
    )
    if current == (threads, threads):
        return
    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError as error:
        if os.environ.get("TF_NUM_INTRAOP_THREADS") == str(threads):
            return  # 시작할 때 환경 변수로 이미 같은 값을 받았습니다.
        raise RuntimeError(
            f"TensorFlow가 이미 시작되어 스레드 수를 {josa(threads, '으로/로')} 바꿀 수 없습니다. "
            "커널을 다시 시작하고 reproducible()을 가장 먼저 호출하세요."
        ) from error
