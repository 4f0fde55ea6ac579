"""학습: 교차 엔트로피 비용을 Adam 옵티마이저로 줄이는 반복."""

from __future__ import annotations

import datetime
import time
from typing import Callable

import numpy as np

from .environment import import_tensorflow
from .evaluation import Evaluation, evaluate
from .model import ConvNet
from .settings import DEFAULTS, TrainingSettings
from .validation import check_choice, check_int

tf = import_tensorflow()


def cost(logits, labels):
    """배치 평균 교차 엔트로피. 소프트맥스 출력이 아니라 로짓에서 계산해야 수치가 안정합니다."""
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))


def accuracy(logits, labels):
    """배치에서 가장 큰 로짓의 클래스가 정답(원-핫 레이블)과 같은 이미지의 비율."""
    correct = tf.equal(tf.argmax(logits, axis=1), tf.argmax(labels, axis=1))
    return tf.reduce_mean(tf.cast(correct, tf.float32))


def batch_indices(seed: int, start: int, count: int, num_train: int, batch_size: int) -> np.ndarray:
    """반복 start, start+1, ...에 쓸 훈련 이미지 번호 [count, batch_size].

    반복 t의 배치는 (seed, t)만으로 정해지므로, 체크포인트에서 이어서 학습해도
    한 번에 학습한 것과 같은 배치를 봅니다. 한 배치 안에서는 이미지가 겹치지 않습니다.
    """
    return np.stack([
        np.random.default_rng([seed, t]).choice(num_train, batch_size, replace=False)
        for t in range(start, start + count)
    ]).astype(np.int32)


class Trainer:
    """신경망 하나를 데이터 세트 하나로 학습합니다. 학습한 반복 수는 `total_iterations`에 쌓입니다.

    학습 결과를 정하는 설정(구성, 시드, 학습률, 배치 크기, 데이터 세트)은 `settings`에 모여 있습니다.
    """

    def __init__(self, net: ConvNet, data, learning_rate: float = DEFAULTS.learning_rate,
                 batch_size: int = DEFAULTS.batch_size, seed: int | None = DEFAULTS.seed):
        if not isinstance(net, ConvNet):
            raise TypeError(f"Trainer의 첫 인자는 ConvNet이어야 합니다(받은 값: {type(net).__name__}).")
        check_int("batch_size", batch_size, low=1, high=len(data.x_train))
        self.settings = TrainingSettings(config=net.config, net_seed=net.seed, seed=seed,
                                         learning_rate=learning_rate, batch_size=batch_size,
                                         dataset=getattr(data, "dataset", DEFAULTS.dataset))
        self.net, self.data = net, data
        self.history: list[tuple[int, float]] = []  # (반복, 그 배치의 훈련 정확도)
        self.optimizer = tf.keras.optimizers.Adam(self.learning_rate)
        self.optimizer.build(net.trainable_variables)
        self._images = net.as_images(data.x_train)
        self._labels = tf.constant(data.y_train, dtype=tf.float32)
        self._compiled_steps = None

    @classmethod
    def from_settings(cls, settings: TrainingSettings, data) -> "Trainer":
        """`settings`대로 새 신경망(`ConvNet(settings.config, seed=settings.net_seed)`)을 만들어 학습할 Trainer."""
        net = ConvNet(settings.config, seed=settings.net_seed)
        return cls(net, data, settings.learning_rate, settings.batch_size, seed=settings.seed)

    @property
    def learning_rate(self) -> float:
        return self.settings.learning_rate

    @property
    def batch_size(self) -> int:
        return self.settings.batch_size

    @property
    def seed(self) -> int:
        """배치를 고르는 시드: 반복 t의 배치는 (seed, t)로 정해집니다."""
        return self.settings.seed

    @property
    def total_iterations(self) -> int:
        """지금까지 학습한 반복 수: 옵티마이저가 가중치를 갱신한 횟수(`optimizer.iterations`)."""
        return int(self.optimizer.iterations.numpy())

    @total_iterations.setter
    def total_iterations(self, value: int) -> None:
        self.optimizer.iterations.assign(value)

    def train_step(self, images, labels):
        """학습 한 번: 순전파, 비용, 그레이디언트, 가중치 갱신. (비용, 배치 정확도)를 돌려줍니다.

        `images`는 [배치 크기, 28, 28, 1] 이미지, `labels`는 원-핫 레이블입니다.
        드롭아웃이 있는 구성이면 반복 번호(`optimizer.iterations`)를 드롭아웃의 시드로 씁니다.
        """
        variables = self.net.trainable_variables
        with tf.GradientTape() as tape:
            logits = self.net(images, training=True,
                              dropout_seed=self.optimizer.iterations)
            loss = cost(logits, labels)
        gradients = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(gradients, variables))
        return loss, accuracy(logits, labels)

    def _train_steps(self, indices):
        """indices [K, 배치 크기]의 K개 배치로 `train_step`을 K번 부르고, 마지막 배치의 정확도를 돌려줍니다.

        속도를 위한 부분입니다. K번의 반복을 그래프 하나 안에서(`tf.while_loop`) 돌리므로
        반복마다 파이썬으로 돌아오지 않고, 배치도 그래프 안에서 훈련 이미지에서 꺼냅니다(`tf.gather`).
        """
        def step(k, _):
            images = tf.gather(self._images, indices[k])
            labels = tf.gather(self._labels, indices[k])
            _, batch_accuracy = self.train_step(images, labels)
            return k + 1, batch_accuracy

        def not_done(k, _):
            return k < tf.shape(indices)[0]

        _, last_accuracy = tf.while_loop(not_done, step, (tf.constant(0), tf.constant(0.0)))
        return last_accuracy

    def _steps(self, indices):
        """컴파일한 `_train_steps`. 입력 모양을 고정해 Trainer마다 한 번만 추적(trace)합니다.

        `get_concrete_function`으로 미리 추적하면, 한 노트북에서 Trainer를 여러 개 만들어도
        TensorFlow가 잦은 재추적(retracing) 경고를 내지 않습니다. 반복은 AutoGraph에 맡기지 않고
        `tf.while_loop`로 직접 씁니다(autograph=False): AutoGraph는 새로 만든 메서드 객체를
        드물게 내장 함수로 잘못 알아보고 변환을 건너뛰기 때문입니다.
        """
        if self._compiled_steps is None:
            signature = (tf.TensorSpec([None, self.batch_size], tf.int32),)
            function = tf.function(self._train_steps, input_signature=signature, autograph=False)
            self._compiled_steps = function.get_concrete_function()
        return self._compiled_steps(indices)

    def optimize(self, num_iterations: int, report_every: int = 100,
                 out: Callable[[str], None] | None = print, progress=None) -> float:
        """`num_iterations`번 더 학습합니다. 지금까지 한 반복에 이어서 셉니다.

        `report_every`번마다(그리고 마지막에) 그 배치의 훈련 정확도를 `out`으로 알리고,
        끝나면 걸린 시간을 알립니다. `progress`는 `update(n)`이 있는 진행 막대(tqdm)입니다.
        마지막 배치의 훈련 정확도를 돌려줍니다.
        """
        check_int("num_iterations", num_iterations, low=0)
        check_int("report_every", report_every, low=1)
        start_time = time.perf_counter()
        end = self.total_iterations + num_iterations
        last = float("nan")
        while self.total_iterations < end:
            start = self.total_iterations
            count = min(report_every - start % report_every, end - start)
            indices = batch_indices(self.seed, start, count, len(self.data.x_train), self.batch_size)
            last = float(self._steps(tf.constant(indices)))
            self.history.append((self.total_iterations, last))
            if progress is not None:
                progress.update(count)
            if out and (self.total_iterations % report_every == 0 or self.total_iterations == end):
                out(f"반복 {self.total_iterations:>6,}회: 훈련 배치 정확도 {last:6.1%}")
        if out:
            elapsed = round(time.perf_counter() - start_time)
            out(f"걸린 시간: {datetime.timedelta(seconds=elapsed)}")
        return last

    def evaluate(self, split: str = "test") -> Evaluation:
        """테스트 세트(또는 "val", "train")에서 신경망을 평가합니다."""
        check_choice("split", split, ("test", "val", "train"))
        return evaluate(self.net, getattr(self.data, f"x_{split}"), getattr(self.data, f"y_{split}_cls"))

    def test_accuracy(self) -> float:
        """테스트 세트 정확도(0~1)."""
        return self.evaluate("test").accuracy
