import doctest

import numpy as np
import pytest

from cnn_course import validation
from cnn_course.validation import check_bool, check_choice, check_int, check_ints, check_number


def test_doctest():
    assert doctest.testmod(validation).failed == 0


@pytest.mark.parametrize("value, error", [(0, ValueError), (2.5, TypeError), (True, TypeError), ("3", TypeError)])
def test_check_int_gives_one_message_for_every_wrong_value(value, error):
    with pytest.raises(error) as raised:
        check_int("batch_size", value, low=1)
    assert str(raised.value) == f"batch_size는 1 이상의 정수여야 합니다(받은 값: {value!r})."


def test_check_int_accepts_numpy_integers_and_returns_int():
    assert check_int("n", np.int64(5), low=0, high=5) == 5 and type(check_int("n", np.int64(5))) is int
    with pytest.raises(ValueError, match="0 이상 2,147,483,647 이하의 정수"):
        check_int("seed", 2**31, low=0, high=2**31 - 1)


def test_particle_follows_the_name():
    with pytest.raises(ValueError, match="^num_channel은 "):
        check_int("num_channel", 0, low=1)
    with pytest.raises(ValueError, match="^activation은 'relu', 'sigmoid' 중 하나여야 합니다"):
        check_choice("activation", "tanh", ("relu", "sigmoid"))
    with pytest.raises(TypeError, match="^download는 True 또는 False"):
        check_bool("download", 1)


def test_check_number_bounds():
    assert check_number("learning_rate", 1e-4, 0, 1, low_open=True, high_open=True) == 1e-4
    for bad in (0, 1, float("nan")):
        with pytest.raises(ValueError, match="learning_rate는 0 초과 1 미만의 수여야"):
            check_number("learning_rate", bad, 0, 1, low_open=True, high_open=True)
    with pytest.raises(TypeError, match="learning_rate"):
        check_number("learning_rate", "fast", 0, 1)
    assert check_number("dropout_rate", 0, 0, 1, high_open=True) == 0.0


def test_check_ints():
    assert check_ints("fc_sizes", [128, 64], low=1) == (128, 64)
    assert check_ints("fc_sizes", (), low=1) == ()
    with pytest.raises(TypeError, match="fc_sizes는 정수의 튜플"):
        check_ints("fc_sizes", 128, low=1)
    with pytest.raises(ValueError, match="filter_sizes의 값은 1 이상의 정수"):
        check_ints("filter_sizes", (5, 0), low=1)


def test_no_unresolved_particles_in_package_messages():
    """패키지의 오류 메시지에 `을(를)` 같은 두 가지 조사를 남기지 않습니다(조사는 josa로)."""
    from pathlib import Path
    import re

    package = Path(validation.__file__).parent
    pattern = re.compile(r"을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|\(으\)로|와\(과\)|과\(와\)")
    found = [f"{path.relative_to(package)}:{number}"
             for path in sorted(package.glob("*.py")) if path.name != "korean.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert not found, found
