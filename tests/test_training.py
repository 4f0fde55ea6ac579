import os
import subprocess
import sys

import numpy as np
import pytest

from cnn_course import ConvNet, NetworkConfig, Trainer, reproducible
from cnn_course.training import batch_indices


@pytest.fixture(scope="module")
def seeded():
    reproducible(0)


def weights_of(trainer):
    return [v.numpy() for v in trainer.net.trainable_variables]


def test_batch_indices_depend_only_on_seed_and_iteration():
    whole = batch_indices(0, 0, 5, 55_000, 64)
    np.testing.assert_array_equal(whole[3:], batch_indices(0, 3, 2, 55_000, 64))
    assert not np.array_equal(whole, batch_indices(1, 0, 5, 55_000, 64))
    assert all(len(set(row)) == 64 for row in whole)  # 한 배치 안에서는 겹치지 않음


def test_optimize_reports_progress_and_continues_counting(seeded, mnist):
    lines = []
    trainer = Trainer(ConvNet(), mnist)
    trainer.optimize(1, out=lines.append)
    trainer.optimize(150, out=lines.append)
    assert trainer.total_iterations == 151
    assert lines[0].startswith("반복      1회: 훈련 배치 정확도")
    assert [line.split("회")[0].split()[-1] for line in lines if line.startswith("반복")] == ["1", "100", "151"]
    assert sum(line.startswith("걸린 시간: ") for line in lines) == 2


def test_training_in_pieces_equals_training_at_once(seeded, mnist):
    once = Trainer(ConvNet(), mnist)
    once.optimize(120, out=None)
    pieces = Trainer(ConvNet(), mnist)
    for n in (1, 19, 100):
        pieces.optimize(n, out=None)
    for a, b in zip(weights_of(once), weights_of(pieces)):
        np.testing.assert_array_equal(a, b)


def test_train_step_is_the_step_the_loop_runs(seeded, mnist):
    """train_step 한 번(즉시 실행)은 optimize(1)(그래프 안의 반복)과 같은 가중치를 냅니다."""
    looped = Trainer(ConvNet(), mnist)
    looped.optimize(1, out=None)
    stepped = Trainer(ConvNet(), mnist)
    batch = batch_indices(stepped.seed, 0, 1, mnist.num_train, stepped.batch_size)[0]
    before = weights_of(stepped)
    loss, accuracy = stepped.train_step(stepped.net.as_images(mnist.x_train[batch]), mnist.y_train[batch])
    assert stepped.total_iterations == 1 and loss > 0 and 0 <= accuracy <= 1
    assert all(not np.array_equal(a, b) for a, b in zip(before, weights_of(stepped)))
    for a, b in zip(weights_of(looped), weights_of(stepped)):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    np.testing.assert_allclose(float(accuracy), looped.history[-1][1])


def test_train_step_source_is_plain():
    """장에서 보여 주는 학습 단계에는 속도를 위한 장치(while_loop, gather)가 없습니다."""
    import inspect

    source = inspect.getsource(Trainer.train_step)
    assert "GradientTape" in source and "apply_gradients" in source
    assert not any(word in source for word in ("while_loop", "gather", "tf.function"))
    assert "self.train_step(" in inspect.getsource(Trainer._train_steps)


def test_many_trainers_do_not_warn_about_retracing(seeded, mnist, caplog):
    """연습 문제처럼 한 노트북에서 Trainer를 여러 개 만들어도 stderr에 경고가 없어야 합니다."""
    caplog.set_level("WARNING", logger="tensorflow")
    small = NetworkConfig(filter_sizes=(3,), num_filters=(4,), fc_sizes=(16,))
    for seed in range(7):
        trainer = Trainer(ConvNet(small, seed=seed), mnist, seed=seed)
        trainer.optimize(3, report_every=1, out=None)
        assert trainer.total_iterations == 3
    assert not [r.getMessage() for r in caplog.records if "retracing" in r.getMessage()]


def test_training_does_not_depend_on_autograph(seeded, mnist, monkeypatch):
    """AutoGraph는 새 메서드 객체의 id가 예전 내장 객체의 id와 겹치면 변환을 건너뜁니다(드물게,
    노트북에서 일어났습니다). 학습 단계는 AutoGraph 없이도 돌아야 합니다."""
    from tensorflow.python.autograph.impl import api

    monkeypatch.setattr(api.inspect_utils, "isbuiltin", lambda f: True)
    trainer = Trainer(ConvNet(), mnist)
    trainer.optimize(3, out=None)
    assert trainer.total_iterations == 3
    assert 0 <= trainer.test_accuracy() <= 1


def test_untrained_network_is_near_chance(seeded, mnist):
    assert 0.05 <= Trainer(ConvNet(), mnist).test_accuracy() <= 0.2


def test_2000_iterations_reach_95_percent(seeded, mnist):
    trainer = Trainer(ConvNet(), mnist)
    trainer.optimize(2000, out=None)
    assert trainer.test_accuracy() >= 0.95


def test_dropout_network_trains(seeded, mnist):
    trainer = Trainer(ConvNet(NetworkConfig(dropout_rate=0.5)), mnist)
    trainer.optimize(300, out=None)
    assert trainer.test_accuracy() > 0.6


@pytest.mark.parametrize("kwargs, error, message", [
    ({"learning_rate": 0}, ValueError, "learning_rate는 0 초과 1 미만의 수여야 합니다(받은 값: 0)."),
    ({"learning_rate": "fast"}, TypeError, "learning_rate는 0 초과 1 미만의 수여야 합니다(받은 값: 'fast')."),
    ({"batch_size": 0}, ValueError, "batch_size는 1 이상 55,000 이하의 정수여야 합니다(받은 값: 0)."),
    ({"batch_size": 10**9}, ValueError, "batch_size는 1 이상 55,000 이하의 정수여야 합니다(받은 값: 1000000000)."),
    ({"seed": -1}, ValueError, "seed는 0 이상 2,147,483,647 이하의 정수여야 합니다(받은 값: -1)."),
])
def test_invalid_trainer_settings_are_reported(mnist, kwargs, error, message):
    with pytest.raises(error) as raised:
        Trainer(ConvNet(), mnist, **kwargs)
    assert str(raised.value) == message


def test_invalid_iteration_count_is_reported(mnist):
    trainer = Trainer(ConvNet(), mnist)
    with pytest.raises(ValueError, match="num_iterations는 0 이상의 정수"):
        trainer.optimize(-1)
    with pytest.raises(TypeError, match="num_iterations는 0 이상의 정수"):
        trainer.optimize(2.5)
    with pytest.raises(ValueError, match="split은 'test', 'val', 'train' 중 하나"):
        trainer.evaluate("validation")


def test_trainer_needs_a_convnet(mnist):
    with pytest.raises(TypeError, match="ConvNet"):
        Trainer("net", mnist)


TRAIN_AND_HASH = """
import hashlib, sys
from cnn_course import ConvNet, MNIST, Trainer, reproducible
reproducible(0)
t = Trainer(ConvNet(), MNIST(download=False))
t.optimize(60, out=None)
h = hashlib.sha256()
for v in t.net.trainable_variables:
    h.update(v.numpy().tobytes())
print(h.hexdigest())
"""


def test_same_seed_gives_identical_weights_in_two_processes(mnist):
    env = {**os.environ, "CNN_COURSE_DATA": str(mnist.data_dir)}
    digests = [
        subprocess.run([sys.executable, "-c", TRAIN_AND_HASH], env=env, capture_output=True,
                       text=True, check=True).stdout.strip()
        for _ in range(2)
    ]
    assert len(digests[0]) == 64 and digests[0] == digests[1]
