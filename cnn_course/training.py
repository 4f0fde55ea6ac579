"""학습: 교차 엔트로피 비용을 Adam 옵티마이저로 줄이는 반복."""

from __future__ import annotations

import datetime
import time
from typing import Callable

import numpy as np

from .environment import import_tensorflow, resolve_seed
from .evaluation import Evaluation, evaluate
from .model import ConvNet

tf = import_tensorflow()


def cost(logits, labels):
    """배치 평균 교차 엔트로피. 소프트맥스 출력이 아니라 로짓에서 계산해야 수치가 안정합니다."""
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))


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
    """신경망 하나를 데이터 세트 하나로 학습합니다. 학습한 반복 수는 `total_iterations`에 쌓입니다."""

    def __init__(self, net: ConvNet, data, learning_rate: float = 1e-4, batch_size: int = 64,
                 seed: int | None = 0):
        if not isinstance(net, ConvNet):
            raise TypeError(f"Trainer의 첫 인자는 ConvNet이어야 합니다(받은 값: {type(net).__name__}).")
        if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) \
                or not 0 < learning_rate < 1:
            raise ValueError(f"learning_rate는 0과 1 사이의 수여야 합니다(받은 값: {learning_rate!r}).")
        num_train = len(data.x_train)
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) \
                or not 1 <= batch_size <= num_train:
            raise ValueError(
                f"batch_size는 1 이상 {num_train} 이하의 정수여야 합니다(받은 값: {batch_size!r})."
            )
        self.net, self.data = net, data
        self.learning_rate, self.batch_size = float(learning_rate), batch_size
        self.seed = resolve_seed(seed)
        self.total_iterations = 0
        self.history: list[tuple[int, float]] = []  # (반복, 그 배치의 훈련 정확도)
        self.optimizer = tf.keras.optimizers.Adam(learning_rate)
        self.optimizer.build(net.trainable_variables)
        self._images = net.as_images(data.x_train)
        self._labels = tf.constant(data.y_train, dtype=tf.float32)
        self._compiled_steps = None

    def _steps(self, indices, first_iteration):
        """컴파일한 학습 단계. 입력 모양을 고정해 Trainer마다 한 번만 추적(trace)합니다.

        `get_concrete_function`으로 미리 추적하면, 한 노트북에서 Trainer를 여러 개 만들어도
        TensorFlow가 잦은 재추적(retracing) 경고를 내지 않습니다. 반복은 AutoGraph에 맡기지 않고
        `tf.while_loop`로 직접 씁니다(autograph=False): AutoGraph는 새로 만든 메서드 객체를
        드물게 내장 함수로 잘못 알아보고 변환을 건너뛰기 때문입니다.
        """
        if self._compiled_steps is None:
            signature = (tf.TensorSpec([None, self.batch_size], tf.int32), tf.TensorSpec([], tf.int32))
            function = tf.function(self._train_steps, input_signature=signature, autograph=False)
            self._compiled_steps = function.get_concrete_function()
        return self._compiled_steps(indices, first_iteration)

    def _train_steps(self, indices, first_iteration):
        """indices [K, 배치 크기]의 K개 배치로 K번 학습하고, 마지막 배치의 정확도를 돌려줍니다."""
        variables = self.net.trainable_variables

        def step(k, _):
            images = tf.gather(self._images, indices[k])
            labels = tf.gather(self._labels, indices[k])
            with tf.GradientTape() as tape:
                logits = self.net(images, training=True, dropout_seed=first_iteration + k)
                loss = cost(logits, labels)
            self.optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
            correct = tf.equal(tf.argmax(logits, axis=1), tf.argmax(labels, axis=1))
            return k + 1, tf.reduce_mean(tf.cast(correct, tf.float32))

        def not_done(k, _):
            return k < tf.shape(indices)[0]

        _, accuracy = tf.while_loop(not_done, step, (tf.constant(0), tf.constant(0.0)))
        return accuracy

    def optimize(self, num_iterations: int, report_every: int = 100,
                 out: Callable[[str], None] | None = print, progress=None) -> float:
        """`num_iterations`번 더 학습합니다. 지금까지 한 반복에 이어서 셉니다.

        `report_every`번마다(그리고 마지막에) 그 배치의 훈련 정확도를 `out`으로 알리고,
        끝나면 걸린 시간을 알립니다. `progress`는 `update(n)`이 있는 진행 막대(tqdm)입니다.
        마지막 배치의 훈련 정확도를 돌려줍니다.
        """
        if isinstance(num_iterations, bool) or not isinstance(num_iterations, int) or num_iterations < 0:
            raise ValueError(f"num_iterations는 0 이상의 정수여야 합니다(받은 값: {num_iterations!r}).")
        if isinstance(report_every, bool) or not isinstance(report_every, int) or report_every < 1:
            raise ValueError(f"report_every는 1 이상의 정수여야 합니다(받은 값: {report_every!r}).")
        start_time = time.perf_counter()
        end = self.total_iterations + num_iterations
        accuracy = float("nan")
        while self.total_iterations < end:
            start = self.total_iterations
            count = min(report_every - start % report_every, end - start)
            indices = batch_indices(self.seed, start, count, len(self.data.x_train), self.batch_size)
            accuracy = float(self._steps(tf.constant(indices), tf.constant(start)))
            self.total_iterations += count
            self.history.append((self.total_iterations, accuracy))
            if progress is not None:
                progress.update(count)
            if out and (self.total_iterations % report_every == 0 or self.total_iterations == end):
                out(f"반복 {self.total_iterations:>6,}회: 훈련 배치 정확도 {accuracy:6.1%}")
        if out:
            elapsed = round(time.perf_counter() - start_time)
            out(f"걸린 시간: {datetime.timedelta(seconds=elapsed)}")
        return accuracy

    def evaluate(self, split: str = "test") -> Evaluation:
        """테스트 세트(또는 "val", "train")에서 신경망을 평가합니다."""
        names = {"test": "test", "val": "val", "train": "train"}
        if split not in names:
            raise ValueError(f"split은 'test', 'val', 'train' 중 하나여야 합니다(받은 값: {split!r}).")
        return evaluate(self.net, getattr(self.data, f"x_{split}"), getattr(self.data, f"y_{split}_cls"))

    def test_accuracy(self) -> float:
        """테스트 세트 정확도(0~1)."""
        return self.evaluate("test").accuracy
