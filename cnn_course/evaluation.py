"""평가: 예측한 클래스, 정확도, 혼동 행렬. TensorFlow는 신경망(`ConvNet.classify`)만 씁니다."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .idx import NUM_CLASSES
from .validation import check_int

PREDICT_BATCH_SIZE = 256  # 메모리를 아끼려고 이만큼씩 나누어 분류합니다.


def predict_classes(net, images, batch_size: int = PREDICT_BATCH_SIZE) -> np.ndarray:
    """이미지들의 예측 클래스 번호(`ConvNet.classify`). `batch_size`장씩 나누어 계산합니다."""
    check_int("batch_size", batch_size, low=1)
    images = np.asarray(images)
    parts = [net.classify(net.as_images(images[i:i + batch_size])).numpy()
             for i in range(0, len(images), batch_size)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def confusion_matrix(cls_true, cls_pred, num_classes: int = NUM_CLASSES) -> np.ndarray:
    """혼동 행렬: [정답 클래스, 예측 클래스] 칸에 그 경우의 이미지 수를 셉니다(scikit-learn)."""
    from sklearn import metrics

    check_int("num_classes", num_classes, low=1)
    cls_true, cls_pred = np.asarray(cls_true), np.asarray(cls_pred)
    if len(cls_true) != len(cls_pred):
        raise ValueError(
            f"cls_true의 길이({len(cls_true)})와 cls_pred의 길이({len(cls_pred)})가 다릅니다."
        )
    for name, values in (("cls_true", cls_true), ("cls_pred", cls_pred)):
        if values.size and (values.min() < 0 or values.max() >= num_classes):
            raise ValueError(
                f"{name}에 0부터 {num_classes - 1}까지의 범위를 벗어난 클래스 번호가 있습니다"
                f"(최솟값 {values.min()}, 최댓값 {values.max()}). num_classes를 확인하세요."
            )
    return metrics.confusion_matrix(cls_true, cls_pred, labels=np.arange(num_classes))


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

    def confusion_matrix(self, num_classes: int = NUM_CLASSES) -> np.ndarray:
        """[정답 클래스, 예측 클래스] 칸에 그 경우의 이미지 수를 센 혼동 행렬(`confusion_matrix`)."""
        return confusion_matrix(self.cls_true, self.cls_pred, num_classes)


def evaluate(net, images, cls_true, batch_size: int = PREDICT_BATCH_SIZE) -> Evaluation:
    """`images`를 분류해 정답 `cls_true`와 함께 돌려줍니다."""
    cls_true = np.asarray(cls_true)
    if len(cls_true) != len(images):
        raise ValueError(f"이미지 수({len(images)})와 정답 수({len(cls_true)})가 다릅니다.")
    return Evaluation(cls_true=cls_true, cls_pred=predict_classes(net, images, batch_size))
