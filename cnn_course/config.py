"""신경망의 구성: 원본 강좌의 설정값과 연습 문제에서 바꿔 볼 선택지."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from .korean import josa
from .validation import check_bool, check_choice, check_int, check_ints, check_number

POOLINGS = ("max", "avg", "none", "stride")
ACTIVATIONS = ("relu", "sigmoid")


@dataclass(frozen=True)
class NetworkConfig:
    """합성곱 신경망의 구성. 기본값은 원본 강좌의 신경망입니다.

    합성곱 층 i는 `filter_sizes[i]` x `filter_sizes[i]` 크기의 필터 `num_filters[i]`개를 씁니다.
    그 뒤에 크기가 `fc_sizes`인 완전 연결 층들이 오고, 마지막 층은 `num_classes`개의 로짓을 냅니다.
    """

    filter_sizes: tuple[int, ...] = (5, 5)  # 합성곱 필터의 한 변(픽셀)
    num_filters: tuple[int, ...] = (16, 36)  # 층마다 출력 채널 수
    fc_sizes: tuple[int, ...] = (128,)  # 마지막 층 앞의 완전 연결 층 크기
    num_classes: int = 10
    img_size: int = 28
    num_channels: int = 1
    pooling: str = "max"  # "max", "avg", "none", 또는 "stride"(풀링 대신 스트라이드 2 합성곱)
    activation: str = "relu"  # 합성곱 층과 은닉 완전 연결 층의 활성화 함수: "relu" 또는 "sigmoid"
    activation_first: bool = False  # True: 활성화 다음 풀링. 기본은 풀링 다음 활성화(계산이 적음)
    activation_on_logits: bool = False  # 연습 8: 마지막 층에도 ReLU를 쓰면?
    dropout_rate: float = 0.0  # 완전 연결 층 뒤 드롭아웃 비율(학습할 때만)

    def __post_init__(self) -> None:
        sizes = check_ints("filter_sizes", self.filter_sizes, low=1)
        filters = check_ints("num_filters", self.num_filters, low=1)
        object.__setattr__(self, "filter_sizes", sizes)
        object.__setattr__(self, "num_filters", filters)
        object.__setattr__(self, "fc_sizes", check_ints("fc_sizes", self.fc_sizes, low=1))
        if len(sizes) != len(filters):
            raise ValueError(
                f"filter_sizes({len(sizes)}개)와 num_filters({len(filters)}개)의 길이가 다릅니다. "
                "합성곱 층마다 필터 크기와 필터 수를 하나씩 적으세요."
            )
        check_int("num_classes", self.num_classes, low=2)
        check_int("img_size", self.img_size, low=1)
        check_int("num_channels", self.num_channels, low=1)
        check_choice("pooling", self.pooling, POOLINGS)
        check_choice("activation", self.activation, ACTIVATIONS)
        check_bool("activation_first", self.activation_first)
        check_bool("activation_on_logits", self.activation_on_logits)
        check_number("dropout_rate", self.dropout_rate, 0, 1, high_open=True)
        for size in sizes:
            if size > self.img_size:
                raise ValueError(
                    f"필터 크기 {josa(size, '이/가')} 이미지 크기 {self.img_size}보다 큽니다. 필터를 줄이세요."
                )

    @property
    def feature_sizes(self) -> tuple[int, ...]:
        """합성곱 층마다 출력 특성 맵의 한 변. 2x2 풀링과 스트라이드 2는 절반(올림)으로 줄입니다."""
        sizes, n = [], self.img_size
        for _ in self.num_filters:
            if self.pooling != "none":
                n = -(-n // 2)  # SAME 패딩이므로 올림
            sizes.append(n)
        return tuple(sizes)

    @property
    def num_features(self) -> int:
        """평탄화(flatten) 뒤 특성의 수. 기본 구성에서는 7 x 7 x 36 = 1764."""
        return self.feature_sizes[-1] ** 2 * self.num_filters[-1]

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, values: dict) -> "NetworkConfig":
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"NetworkConfig에 없는 항목입니다: {', '.join(unknown)}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})
