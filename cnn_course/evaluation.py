"""평가: 예측한 클래스, 정확도, 혼동 행렬."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .environment import import_tensorflow

tf = import_tensorflow()

PREDICT_BATCH_SIZE = 256  # 메모리를 아끼려고 이만큼씩 나누어 분류합니다.


def predict_classes(net, images, batch_size: int = PREDICT_BATCH_SIZE) -> np.ndarray:
    """이미지들의 예측 클래스 번호. `batch_size`장씩 나누어 계산합니다."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size는 1 이상의 정수여야 합니다(받은 값: {batch_size!r}).")
    images = np.asarray(images)
    predict = _compiled_predictor(net)
    parts = [predict(net.as_images(images[i:i + batch_size])).numpy()
             for i in range(0, len(images), batch_size)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _compiled_predictor(net):
    """신경망마다 한 번만 추적(trace)한 예측 함수. 모양을 고정해 두어 재추적 경고가 없습니다."""
    if not hasattr(net, "_predict_classes"):
        c = net.config
        signature = [tf.TensorSpec([None, c.img_size, c.img_size, c.num_channels], tf.float32)]
        function = tf.function(lambda x: tf.argmax(net(x), axis=1), input_signature=signature,
                               autograph=False)
        net._predict_classes = function.get_concrete_function()
    return net._predict_classes


@dataclass(frozen=True)
class Evaluation:
    """정답 클래스와 예측 클래스. 정확도와 틀린 이미지를 여기서 구합니다."""

    cls_true: np.ndarray
    cls_pred: np.ndarray

    @property
    def correct(self) -> np.ndarray:
        """이미지마다 맞았는지(불리언)."""
        return self.cls_true == self.cls_pred

    @property
    def num_correct(self) -> int:
        return int(self.correct.sum())

    @property
    def accuracy(self) -> float:
        return self.num_correct / len(self.cls_true) if len(self.cls_true) else float("nan")

    def message(self, name: str = "테스트 세트") -> str:
        """예: '테스트 세트 정확도: 98.7% (9,870 / 10,000)'"""
        return f"{name} 정확도: {self.accuracy:.1%} ({self.num_correct:,} / {len(self.cls_true):,})"

    def confusion_matrix(self, num_classes: int = 10) -> np.ndarray:
        """[정답 클래스, 예측 클래스] 칸에 그 경우의 이미지 수를 센 혼동 행렬(scikit-learn)."""
        from sklearn.metrics import confusion_matrix

        return confusion_matrix(self.cls_true, self.cls_pred, labels=np.arange(num_classes))


def evaluate(net, images, cls_true, batch_size: int = PREDICT_BATCH_SIZE) -> Evaluation:
    """`images`를 분류해 정답 `cls_true`와 함께 돌려줍니다."""
    cls_true = np.asarray(cls_true)
    if len(cls_true) != len(images):
        raise ValueError(f"이미지 수({len(images)})와 정답 수({len(cls_true)})가 다릅니다.")
    return Evaluation(cls_true=cls_true, cls_pred=predict_classes(net, images, batch_size))
