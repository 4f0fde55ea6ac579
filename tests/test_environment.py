import os
import subprocess
import sys

import pytest

from cnn_course import reproducible
from cnn_course.environment import COURSE_ENVIRONMENT, resolve_seed


def test_import_sets_the_course_environment_before_tensorflow_starts():
    code = ("import os, sys, cnn_course; "
            "print(os.environ['TF_ENABLE_ONEDNN_OPTS'], os.environ['TF_NUM_INTRAOP_THREADS'])")
    env = {k: v for k, v in os.environ.items() if k not in COURSE_ENVIRONMENT}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "2"]


def test_importing_the_package_writes_nothing_to_stderr():
    env = {k: v for k, v in os.environ.items() if k not in COURSE_ENVIRONMENT}
    out = subprocess.run([sys.executable, "-c", "import cnn_course; cnn_course.reproducible(0)"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stderr == ""


def test_environment_set_by_the_user_is_kept():
    code = "import os, cnn_course; print(os.environ['TF_ENABLE_ONEDNN_OPTS'])"
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "TF_ENABLE_ONEDNN_OPTS": "0"},
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (1.5, TypeError), ("0", TypeError), (True, TypeError)])
def test_bad_seed_is_reported(seed, error):
    with pytest.raises(error, match="^seed는 0 이상의 정수여야 합니다"):
        reproducible(seed)
    with pytest.raises(error, match="^seed는 0 이상 2,147,483,647 이하의 정수여야 합니다"):
        resolve_seed(seed)


def test_none_seed_draws_a_fresh_seed():
    a, b = resolve_seed(None), resolve_seed(None)
    assert 0 <= a < 2**31 and a != b


def test_data_and_numpy_reference_work_without_tensorflow():
    code = ("import sys; from cnn_course import MNIST; from cnn_course import reference; "
            "print('tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_public_api_names_import():
    import cnn_course

    for name in cnn_course.__all__:
        assert getattr(cnn_course, name) is not None
